using System.Globalization;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PeerChat.Load;

/// <summary>A process's resident memory from /proc/PID/status: now (VmRSS) and its peak so far (VmHWM).</summary>
public readonly record struct ProcessMemory(long Rss, long PeakRss)
{
    public double RssMiB => Rss / 1024.0 / 1024.0;
    public double PeakRssMiB => PeakRss / 1024.0 / 1024.0;

    /// <summary>Zeros where /proc is not there (not Linux): the memory rows then read 0.</summary>
    public static ProcessMemory Of(int pid)
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = KiB(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = KiB(line);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new ProcessMemory(rss, peak);
    }

    private static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>
/// The real <c>peerchat --headless</c> as a child process (the Release build copied next to this tool through its
/// reference to src/PeerChat.App, or <c>PEERCHAT_DLL</c>), listening on 127.0.0.1 with port 0 and the shipped defaults
/// (plus <c>--set</c>, as a config file). Its JSON Lines events are read as they come: members are counted, chat lines
/// handed to <see cref="OnMessage"/> with the moment they were read. Its memory is its own, from /proc.
/// </summary>
public sealed class PeerchatProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;
    private readonly Process _process;
    private readonly string? _configFile;
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        _stdoutReader = Task.Run(ReadEventsAsync);
        _stderrReader = Task.Run(ReadStderrAsync);
    }

    public string Name { get; }
    public int Port { get; private set; }
    public int Pid => _process.Id;

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

    public static string Program()
    {
        if (Environment.GetEnvironmentVariable("PEERCHAT_DLL") is { Length: > 0 } given) return given;
        var beside = Path.Combine(AppContext.BaseDirectory, "peerchat.dll");
        if (File.Exists(beside)) return beside;
        throw new FileNotFoundException($"peerchat.dll is not next to the load tool ({AppContext.BaseDirectory}); build bench/PeerChat.Load, or set PEERCHAT_DLL");
    }

    /// <summary>Starts <c>peerchat --headless --host 127.0.0.1 --port 0 --name NAME</c> plus <paramref name="arguments"/> and waits for its listening event.</summary>
    public static async Task<PeerchatProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var program = Program();
        var info = new ProcessStartInfo
        {
            FileName = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : program,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) info.ArgumentList.Add(program);
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

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var node = new PeerchatProcess(name, process, configFile);
        var first = await Task.WhenAny(node._listening.Task, process.WaitForExitAsync(), Task.Delay(timeout));
        if (first == node._listening.Task)
        {
            node.Port = await node._listening.Task;
            return node;
        }
        string why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not print its listening event within {timeout.TotalSeconds:0}s";
        await node.DisposeAsync();
        throw new InvalidOperationException($"peerchat {name} {why}: {string.Join(" / ", node.StderrTail)}");
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

    private async Task ReadEventsAsync()
    {
        var reader = _process.StandardOutput;
        while (await reader.ReadLineAsync() is { } line)
        {
            long read = Stopwatch.GetTimestamp();
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            switch (e.GetProperty("event").GetString())
            {
                case "listening":
                    _listening.TrySetResult(e.GetProperty("port").GetInt32());
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
