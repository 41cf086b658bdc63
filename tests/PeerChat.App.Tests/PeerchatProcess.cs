using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace PeerChat.App.Tests;

/// <summary>
/// A running <c>dotnet peerchat.dll …</c> with its standard streams: stdout lines (JSON events) and
/// stderr lines each read into a queue as they come. Killed on dispose if still running.
/// </summary>
public sealed class PeerchatProcess : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _stderr = Channel.CreateUnbounded<string>();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private PeerchatProcess(Process process)
    {
        _process = process;
        _stdoutPump = Pump(process.StandardOutput, _stdout.Writer);
        _stderrPump = Pump(process.StandardError, _stderr.Writer);
    }

    /// <summary>peerchat.dll is copied next to the tests because this project references PeerChat.App.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "peerchat.dll");

    public int Id => _process.Id;

    public static PeerchatProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts peerchat with <paramref name="environment"/> as its only PEERCHAT_* variables.</summary>
    public static PeerchatProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PEERCHAT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new PeerchatProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>The next line on standard output, exactly as written.</summary>
    public Task<string> NextLineAsync() => ReadAsync(_stdout.Reader, "standard output");

    /// <summary>The next line on standard output, parsed.</summary>
    public async Task<JsonElement> NextEventAsync()
    {
        var line = await NextLineAsync().ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout line is not JSON ({e.Message}): {line}");
        }
    }

    /// <summary>The next event on standard output, which must be an <paramref name="eventName"/> event.</summary>
    public async Task<JsonElement> ExpectEventAsync(string eventName)
    {
        var e = await NextEventAsync().ConfigureAwait(false);
        Assert.True(e.GetProperty("event").GetString() == eventName, $"expected a '{eventName}' event, got {e}");
        return e;
    }

    public async Task<int> ListeningPortAsync()
    {
        var listening = await ExpectEventAsync("listening").ConfigureAwait(false);
        return listening.GetProperty("port").GetInt32();
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n").ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="bytes"/> to standard input as they are, not encoded as text.</summary>
    public async Task WriteBytesAsync(byte[] bytes)
    {
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        await _process.StandardInput.BaseStream.WriteAsync(bytes).ConfigureAwait(false);
        await _process.StandardInput.BaseStream.FlushAsync().ConfigureAwait(false);
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the exit (failing after <see cref="Timeout"/>) and for both outputs to be read to their end.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"peerchat did not exit within {Timeout.TotalSeconds} s");
        }
        return _process.ExitCode;
    }

    /// <summary>Every line written to standard error (complete once <see cref="ExitCodeAsync"/> returned).</summary>
    public List<string> StderrLines() => Drain(_stderr.Reader);

    /// <summary>Standard output lines not read yet (complete once <see cref="ExitCodeAsync"/> returned).</summary>
    public List<string> RemainingStdoutLines() => Drain(_stdout.Reader);

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    private static async Task Pump(StreamReader reader, ChannelWriter<string> lines)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) lines.TryWrite(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        lines.TryComplete();
    }

    private async Task<string> ReadAsync(ChannelReader<string> lines, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await lines.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"nothing on {what} within {Timeout.TotalSeconds} s; stderr: {string.Join(" | ", Drain(_stderr.Reader))}");
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"{what} ended; stderr: {string.Join(" | ", Drain(_stderr.Reader))}");
        }
    }

    private static List<string> Drain(ChannelReader<string> lines)
    {
        var all = new List<string>();
        while (lines.TryRead(out var line)) all.Add(line);
        return all;
    }
}
