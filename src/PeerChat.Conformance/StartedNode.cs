using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace PeerChat.Conformance;

/// <summary>
/// The node under test started by the <c>--start</c> command through the shell, with <c>{port}</c> (a free
/// port for it to listen on) and <c>{peer}</c> (a raw peer to join) filled in. Its standard input takes
/// chat lines; its standard output is read line by line. Killed, with anything it started, on dispose.
/// </summary>
public sealed class StartedNode : IAsyncDisposable
{
    private const int KeptErrorLines = 5;

    private readonly Process _process;
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _errors = new();
    private readonly List<string> _seen = [];
    private readonly Task _errorPump;

    private StartedNode(Process process, int port, string command)
    {
        _process = process;
        Port = port;
        Command = command;
        _ = PumpAsync(process.StandardOutput, line => _output.Writer.TryWrite(line), () => _output.Writer.TryComplete());
        _errorPump = PumpAsync(process.StandardError, KeepError, () => { });
    }

    /// <summary>Completes when the process (the shell running the command) has ended and its last error lines were read.</summary>
    public Task HasExited => ExitedAndReadAsync();

    /// <summary>The port it was told to listen on.</summary>
    public int Port { get; }

    /// <summary>The command as run, placeholders filled in.</summary>
    public string Command { get; }

    public static StartedNode Start(string template, string peer)
    {
        var port = FreePort();
        var command = template.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{peer}", peer, StringComparison.Ordinal);
        var info = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", command } } : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.StandardInputEncoding = new UTF8Encoding(false);
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        var process = Process.Start(info) ?? throw new CheckFailedException($"the node to start ({command})", "the shell did not start");
        return new StartedNode(process, port, command);
    }

    /// <summary>Types <paramref name="line"/> into the node, as its user would.</summary>
    public async Task TypeAsync(string line)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException e)
        {
            throw new CheckFailedException("the node to read its standard input", $"the write failed ({e.Message}){Exited()}");
        }
    }

    /// <summary>Waits for a line of its standard output that contains <paramref name="text"/>.</summary>
    public async Task ExpectOutputAsync(string text, TimeSpan timeout, string expected)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _output.Reader.WaitToReadAsync(cts.Token))
                while (_output.Reader.TryRead(out var line))
                {
                    _seen.Add(line);
                    if (line.Contains(text, StringComparison.Ordinal)) return;
                }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested) { }
        var shown = _seen.Count == 0 ? "no output" : "its output: " + string.Join(" | ", _seen.TakeLast(5));
        throw new CheckFailedException(expected, $"{shown}{Exited()}");
    }

    /// <summary>" (the node exited with code N; stderr: …)" once it has exited, else empty: for failure messages.</summary>
    public string Exited()
    {
        if (!_process.HasExited) return "";
        string errors;
        lock (_errors) errors = _errors.Count == 0 ? "" : "; its last stderr lines: " + string.Join(" | ", _errors);
        return $" (the node exited with code {_process.ExitCode}{errors})";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or refusing to die: nothing more this runner can do about it.
        }
        _process.Dispose();
    }

    private async Task ExitedAndReadAsync()
    {
        await _process.WaitForExitAsync();
        // Its standard error may be held open by something it started; a moment is enough for its own last words.
        await Task.WhenAny(_errorPump, Task.Delay(TimeSpan.FromSeconds(1)));
    }

    private void KeepError(string line)
    {
        lock (_errors)
        {
            _errors.Enqueue(line);
            while (_errors.Count > KeptErrorLines) _errors.Dequeue();
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> take, Action done)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line) take(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        done();
    }

    /// <summary>A port free right now on loopback (bound, then released for the node to take).</summary>
    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
