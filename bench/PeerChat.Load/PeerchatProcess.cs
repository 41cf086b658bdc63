using System.Diagnostics;
using System.Text.Json;

namespace PeerChat.Load;

/// <summary>
/// The real <c>peerchat --headless</c> as a child process (the Release build copied next to this tool through its
/// reference to src/PeerChat.App, or <c>PEERCHAT_DLL</c>), listening on 127.0.0.1 with port 0 and the shipped defaults
/// (plus <c>--set</c>, as a config file), through its own launcher where there is one (see <see cref="ChildProgram"/>).
/// Its standard output is read in blocks on a thread of its own, the cheapest reader of a pipe: lines of the process
/// scenario's flood go to <see cref="Flood"/> unparsed, every other line is a JSON event: members are counted, chat
/// lines handed to <see cref="OnMessage"/> with the moment they were read. Its memory and counters are its own, from /proc.
/// The same class runs <c>peerchat-ceiling</c>, which prints the same listening event, so both are read the same way.
/// </summary>
public sealed class PeerchatProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;
    private readonly Process _process;
    private readonly string? _configFile;
    private const int ReadSize = 256 * 1024;
    private readonly TaskCompletionSource<(int Port, long Read)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderrTail = new();
    private readonly object _stdinLock = new();
    private readonly Task _stdoutReader;
    private readonly Task _stderrReader;
    private long _stderrLines;
    private long _errorEvents;

    private PeerchatProcess(string name, Process process, string? configFile)
    {
        Name = name;
        _process = process;
        _configFile = configFile;
        _stdoutReader = Task.Factory.StartNew(ReadEvents, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _stderrReader = Task.Run(ReadStderrAsync);
    }

    public string Name { get; }
    public int Port { get; private set; }
    public int Pid => _process.Id;

    /// <summary>Seconds from starting the program (fork and exec) until its listening event was read.</summary>
    public double StartSeconds { get; private set; }

    /// <summary>The process scenario's flood lines seen on standard output (see <see cref="FloodLines"/>).</summary>
    public FloodLines Flood { get; } = new();

    /// <summary>Members now (peer-joined minus peer-left events).</summary>
    public Counter Members { get; } = new();

    /// <summary>
    /// Called on the output reader (one line at a time) for each <c>message</c> event: sender's name, text,
    /// and the Stopwatch timestamp at which the line was read. Set it before any chat line can arrive.
    /// </summary>
    public Action<string, string, long>? OnMessage { get; set; }

    /// <summary><c>error</c> events so far (a failed join, for example).</summary>
    public long ErrorEvents => Interlocked.Read(ref _errorEvents);

    /// <summary>Lines the node wrote to standard error (its log: warnings and errors at the default level).</summary>
    public long StderrLines => Interlocked.Read(ref _stderrLines);

    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (_stderrTail) return [.. _stderrTail];
        }
    }

    public ProcessMemory Memory() => ProcessMemory.Of(_process.Id);

    public ProcessCounters Counters() => ProcessCounters.Of(_process);

    public static string Program()
    {
        if (Environment.GetEnvironmentVariable("PEERCHAT_DLL") is { Length: > 0 } given) return given;
        return ChildProgram.Beside("peerchat.dll");
    }

    /// <summary>
    /// How <c>peerchat --headless --host 127.0.0.1 --port 0 --name NAME</c> plus <paramref name="arguments"/> is
    /// started, with the shipped defaults (plus <c>--set</c>, in a temporary config file the caller deletes).
    /// </summary>
    public static async Task<(ProcessStartInfo Info, string? ConfigFile)> CommandAsync(string name, IEnumerable<string> arguments)
    {
        var info = ChildProgram.StartInfo(Program());
        // The defaults are what is measured: no PEERCHAT_* setting from this shell may change them.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PEERCHAT_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);

        string? configFile = null;
        if (NodeHost.ExtraOverrides.Length > 0)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"peerchat-load-{Guid.NewGuid():N}.conf");
            await File.WriteAllTextAsync(configFile, NodeHost.ExtraOverrides);
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(configFile);
        }
        foreach (var arg in (string[])["--headless", "--host", "127.0.0.1", "--port", "0", "--name", name]) info.ArgumentList.Add(arg);
        foreach (var arg in arguments) info.ArgumentList.Add(arg);
        return (info, configFile);
    }

    /// <summary>Starts <c>peerchat --headless --host 127.0.0.1 --port 0 --name NAME</c> plus <paramref name="arguments"/> and waits for its listening event.</summary>
    public static async Task<PeerchatProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (info, configFile) = await CommandAsync(name, arguments);
        return await StartAsync($"peerchat {name}", info, configFile, timeout);
    }

    /// <summary>Starts <c>peerchat-ceiling</c> (bench/PeerChat.Ceiling) and waits for its listening event.</summary>
    public static Task<PeerchatProcess> StartCeilingAsync(TimeSpan timeout) =>
        StartAsync("peerchat-ceiling", ChildProgram.StartInfo(ChildProgram.Beside("peerchat-ceiling.dll")), null, timeout);

    private static async Task<PeerchatProcess> StartAsync(string name, ProcessStartInfo info, string? configFile, TimeSpan timeout)
    {
        long started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        var node = new PeerchatProcess(name, process, configFile);
        var first = await Task.WhenAny(node._listening.Task, process.WaitForExitAsync(), Task.Delay(timeout));
        if (first == node._listening.Task)
        {
            var (port, read) = await node._listening.Task;
            node.Port = port;
            node.StartSeconds = Stopwatch.GetElapsedTime(started, read).TotalSeconds;
            return node;
        }
        string why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not print its listening event within {timeout.TotalSeconds:0}s";
        await node.DisposeAsync();
        throw new InvalidOperationException($"{name} {why}: {string.Join(" / ", node.StderrTail)}");
    }

    /// <summary>One input line: a chat line to every member (text must not start with '/').</summary>
    public void Say(string text)
    {
        lock (_stdinLock)
        {
            _process.StandardInput.Write(text + "\n");
            _process.StandardInput.Flush();
        }
    }

    /// <summary>Reads standard output in blocks of up to <see cref="ReadSize"/> bytes (one read(2) each) until it ends.</summary>
    private void ReadEvents()
    {
        var output = _process.StandardOutput.BaseStream;
        var buffer = new byte[ReadSize];
        int held = 0;
        while (true)
        {
            if (held == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer (a long peer list)
            int read = output.Read(buffer, held, buffer.Length - held);
            if (read == 0) return;
            long readAt = Stopwatch.GetTimestamp();
            held += read;
            int start = 0, end;
            while ((end = buffer.AsSpan(start, held - start).IndexOf((byte)'\n')) >= 0)
            {
                var line = buffer.AsMemory(start, end);
                if (!Flood.TryRecord(line.Span)) OnEvent(line, readAt);
                start += end + 1;
            }
            Flood.Publish();
            held -= start;
            buffer.AsSpan(start, held).CopyTo(buffer);
        }
    }

    private void OnEvent(ReadOnlyMemory<byte> line, long read)
    {
        if (line.IsEmpty) return;
        using var json = JsonDocument.Parse(line);
        var e = json.RootElement;
        switch (e.GetProperty("event").GetString())
        {
            case "listening":
                _listening.TrySetResult((e.GetProperty("port").GetInt32(), read));
                break;
            case "peer-joined":
                Members.Add();
                break;
            case "peer-left":
                Members.Add(-1);
                break;
            case "message":
                OnMessage?.Invoke(e.GetProperty("from").GetProperty("name").GetString() ?? "", e.GetProperty("text").GetString() ?? "", read);
                break;
            case "error":
                Interlocked.Increment(ref _errorEvents);
                break;
        }
    }

    private async Task ReadStderrAsync()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync() is { } line)
        {
            Interlocked.Increment(ref _stderrLines);
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                while (_stderrTail.Count > KeptErrorLines) _stderrTail.Dequeue();
            }
        }
    }

    /// <summary>Closes standard input (the node leaves its network and exits); kills it if it is still there after 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_stdinLock)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException) { }
        }
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(5))) != exited)
        {
            Log.Info($"  {Name} (pid {Pid}) still running 5 s after its input closed: killed");
            _process.Kill(entireProcessTree: true);
            await exited;
        }
        await Task.WhenAll(_stdoutReader, _stderrReader).ContinueWith(_ => { });
        _process.Dispose();
        if (_configFile is not null) File.Delete(_configFile);
    }
}
