using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>How to start a <see cref="HeadlessProcessNode"/>.</summary>
public sealed record HeadlessNodeOptions
{
    /// <summary>
    /// The program: a <c>peerchat.dll</c> (run with <c>dotnet</c>) or an executable. When null:
    /// the <c>PEERCHAT_DLL</c> environment variable, else <c>peerchat.dll</c> next to the test
    /// assembly (there when the test project references <c>src/PeerChat.App/PeerChat.App.csproj</c>).
    /// </summary>
    public string? Program { get; init; }

    /// <summary>HOCON written to a temporary file and passed as <c>--config</c> (removed on dispose).</summary>
    public string HoconOverrides { get; init; } = "";

    /// <summary>More command-line arguments, after <c>--headless --port 0 --host 127.0.0.1 --name NAME</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables to set for the process (inherited <c>PEERCHAT_*</c> settings are removed first).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the process may take to print its <c>listening</c> event (default <see cref="PeerChatTimeouts.ProcessStart"/>).</summary>
    public TimeSpan? StartTimeout { get; init; }
}

/// <summary>
/// A <c>peerchat --headless</c> process driven through the same <see cref="INodeHandle"/> API:
/// commands go to its standard input (chat lines, <c>/connect HOST:PORT</c>, <c>/peers</c>, <c>/quit</c>),
/// its standard output's JSON-Lines events become <see cref="ChatEvent"/>s on a TestKit probe
/// (<c>message</c> → <see cref="MessageReceived"/>, <c>peer-joined</c> → <see cref="PeerJoined"/>,
/// <c>peer-left</c> → <see cref="PeerLeft"/>, <c>error</c> → <see cref="NodeError"/>). So one scenario
/// can check a published build. Standard error is kept (see <see cref="StandardError"/>) and shown in failures.
/// </summary>
/// <remarks>
/// Peers named in events carry only what the headless output shows: <c>message</c> and
/// <c>peer-left</c> have no age or zip (empty strings here).
/// </remarks>
public sealed class HeadlessProcessNode : NodeHandleBase
{
    private const int KeptErrorLines = 40;
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static int _exitHookInstalled;

    private readonly Process _process;
    private readonly TestProbe _probe;
    private readonly string? _configFile;
    private readonly Action<string>? _log;
    private readonly object _stdinLock = new();
    private readonly ConcurrentQueue<TaskCompletionSource<IReadOnlyList<PeerInfo>>> _peerRequests = new();
    private readonly TaskCompletionSource<(string Host, int Port)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderr = new();
    private readonly List<string> _unreadable = [];
    private readonly Task _stdoutReader;
    private readonly Task _stderrReader;
    private readonly Task<int> _exited;
    private string _host = "127.0.0.1";
    private int _port;
    private int _disposed;

    private HeadlessProcessNode(string name, Process process, TestProbe probe, string? configFile, Action<string>? log)
        : base(new EventInbox(probe, name))
    {
        Name = name;
        _process = process;
        _probe = probe;
        _configFile = configFile;
        _log = log;
        Inbox.Diagnostics = StderrTail;
        _stdoutReader = Task.Run(ReadStdoutAsync);
        _stderrReader = Task.Run(ReadStderrAsync);
        _exited = WatchExitAsync();
    }

    public override string Name { get; }

    public override string Host => _host;

    public override int Port => _port;

    public Process Process => _process;

    /// <summary>The exit code once the process has ended, else null.</summary>
    public int? ExitCode => _exited.IsCompleted ? _exited.Result : null;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited;

    /// <summary>The last lines the process wrote to standard error.</summary>
    public IReadOnlyList<string> StandardError
    {
        get
        {
            lock (_stderr) return [.. _stderr];
        }
    }

    /// <summary>Where <paramref name="options"/> (or the environment, or the test's output folder) says peerchat is; null when nowhere.</summary>
    public static string? FindProgram(HeadlessNodeOptions? options = null)
    {
        if (options?.Program is { Length: > 0 } given) return given;
        if (System.Environment.GetEnvironmentVariable("PEERCHAT_DLL") is { Length: > 0 } fromEnv) return fromEnv;
        var beside = Path.Combine(AppContext.BaseDirectory, "peerchat.dll");
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// Starts <c>peerchat --headless --port 0 --host 127.0.0.1 --name NAME</c> and waits for its
    /// <c>listening</c> event. Events go to <paramref name="probe"/>; <paramref name="log"/> gets
    /// standard error lines as they come. Prefer <see cref="PeerChatHarness.StartHeadlessNodeAsync"/>,
    /// which also cleans up.
    /// </summary>
    public static async Task<HeadlessProcessNode> StartAsync(string name, TestProbe probe, HeadlessNodeOptions? options = null, Action<string>? log = null)
    {
        options ??= new HeadlessNodeOptions();
        var program = FindProgram(options) ?? throw new XunitException(
            "peerchat not found: set PEERCHAT_DLL to a built peerchat.dll (or executable), or reference " +
            "src/PeerChat.App/PeerChat.App.csproj from the test project so peerchat.dll is copied next to the tests.");
        if (!File.Exists(program)) throw new XunitException($"peerchat not found at {program} (from PEERCHAT_DLL or the options)");

        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet";
            info.ArgumentList.Add(program);
        }
        else info.FileName = program;

        string? configFile = null;
        if (options.HoconOverrides.Trim().Length > 0)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"peerchat-testkit-{Guid.NewGuid():N}.conf");
            await File.WriteAllTextAsync(configFile, options.HoconOverrides);
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(configFile);
        }
        foreach (var arg in (string[])["--headless", "--port", "0", "--host", "127.0.0.1", "--name", name]) info.ArgumentList.Add(arg);
        foreach (var arg in options.Arguments) info.ArgumentList.Add(arg);

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PEERCHAT_", StringComparison.Ordinal) && k != "PEERCHAT_DLL").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in options.Environment) info.Environment[key] = value;

        InstallExitHook();
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            process.Dispose();
            if (configFile is not null) File.Delete(configFile);
            throw new XunitException($"cannot start {info.FileName} {string.Join(' ', info.ArgumentList)}: {e.Message}");
        }
        Running[process.Id] = process;
        var node = new HeadlessProcessNode(name, process, probe, configFile, log);

        var timeout = options.StartTimeout ?? PeerChatTimeouts.ProcessStart;
        var first = await Task.WhenAny(node._listening.Task, node._exited, Task.Delay(timeout));
        if (first == node._listening.Task)
        {
            (node._host, node._port) = node._listening.Task.Result;
            if (node._host is "0.0.0.0" or "::") node._host = "127.0.0.1";
            return node;
        }
        var why = first == node._exited
            ? $"it exited with code {node._exited.Result} before its listening event"
            : $"no listening event within {EventInbox.Seconds(timeout)}";
        await node.DisposeAsync();
        throw new XunitException($"headless {name}: {why}.{node.StderrTail()}{node.UnreadableTail()}");
    }

    // ── Commands ─────────────────────────────────────────────────────────────────────────────────

    /// <summary>Writes <paramref name="text"/> as one input line (a leading <c>/</c> is doubled, so it is sent, not run).</summary>
    public override void Say(string text)
    {
        if (text.Length == 0 || text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("a headless node sends one non-empty input line per chat message", nameof(text));
        WriteLine(text.StartsWith('/') ? "/" + text : text);
    }

    public override void ConnectTo(string host, int port) =>
        WriteLine($"/connect {(host.Contains(':') ? $"[{host}]" : host)}:{port}");

    /// <summary>Writes any input line as is (a command, or something invalid to see the error event).</summary>
    public void SendInput(string line) => WriteLine(line);

    /// <summary>Asks <c>/peers</c> and waits for the <c>peers</c> event that answers it.</summary>
    public override async Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null)
    {
        var t = timeout ?? PeerChatTimeouts.Default;
        var answer = new TaskCompletionSource<IReadOnlyList<PeerInfo>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdinLock)
        {
            _peerRequests.Enqueue(answer);
            WriteLine("/peers");
        }
        var done = await Task.WhenAny(answer.Task, _exited, Task.Delay(t));
        if (done == answer.Task) return answer.Task.Result;
        throw new XunitException(done == _exited
            ? $"{Name}: the process exited (code {_exited.Result}) before answering /peers.{StderrTail()}"
            : $"{Name}: no answer to /peers within {EventInbox.Seconds(t)}.{StderrTail()}");
    }

    /// <summary>Sends <c>/quit</c> (the node sends <c>leave</c> to every member) and waits for the process to exit with 0.</summary>
    public override async Task LeaveAsync(TimeSpan? timeout = null)
    {
        var t = timeout ?? PeerChatTimeouts.Default;
        if (!_exited.IsCompleted)
        {
            try
            {
                WriteLine("/quit");
            }
            catch (XunitException) when (_exited.IsCompleted) { }
        }
        if (await Task.WhenAny(_exited, Task.Delay(t)) != _exited)
        {
            Kill();
            throw new XunitException($"{Name}: still running {EventInbox.Seconds(t)} after /quit; killed.{StderrTail()}");
        }
        if (_exited.Result != 0)
            throw new XunitException($"{Name}: exited with code {_exited.Result} after /quit, expected 0.{StderrTail()}");
    }

    /// <summary>Closes standard input (end of input: the node leaves and exits) and waits for the process to exit with 0.</summary>
    public async Task CloseInputAsync(TimeSpan? timeout = null)
    {
        var t = timeout ?? PeerChatTimeouts.Default;
        lock (_stdinLock)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException) { }
        }
        if (await Task.WhenAny(_exited, Task.Delay(t)) != _exited)
        {
            Kill();
            throw new XunitException($"{Name}: still running {EventInbox.Seconds(t)} after its input closed; killed.{StderrTail()}");
        }
        if (_exited.Result != 0)
            throw new XunitException($"{Name}: exited with code {_exited.Result} after its input closed, expected 0.{StderrTail()}");
    }

    /// <summary>Kills the process (and any child) at once: no <c>leave</c>.</summary>
    public override void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Ends the process if it still runs (end of input, then a kill if it has not exited within 3 s) and removes its temporary files.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!_exited.IsCompleted)
        {
            lock (_stdinLock)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (Exception e) when (e is IOException or InvalidOperationException) { }
            }
            if (await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(3))) != _exited) Kill();
        }
        await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(5)));
        Running.TryRemove(_process.Id, out _);
        if (_exited.IsCompleted) _process.Dispose(); // else its exit watcher still needs it
        if (_configFile is not null)
        {
            try
            {
                File.Delete(_configFile);
            }
            catch (IOException) { }
        }
    }

    // ── Process plumbing ─────────────────────────────────────────────────────────────────────────

    private void WriteLine(string line)
    {
        lock (_stdinLock)
        {
            if (_exited.IsCompleted) throw new XunitException($"{Name}: cannot write '{line}': the process has exited (code {_exited.Result}).{StderrTail()}");
            try
            {
                _process.StandardInput.Write(line + "\n");
                _process.StandardInput.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                throw new XunitException($"{Name}: cannot write '{line}' to its input: {e.Message}.{StderrTail()}");
            }
        }
    }

    private async Task<int> WatchExitAsync()
    {
        await _process.WaitForExitAsync();
        // Let the output readers deliver the last events before the exit is announced.
        await Task.WhenAny(Task.WhenAll(_stdoutReader, _stderrReader), Task.Delay(TimeSpan.FromSeconds(2)));
        var code = _process.ExitCode;
        _probe.Ref.Tell(new NodeExited(code), ActorRefs.NoSender);
        while (_peerRequests.TryDequeue(out var pending))
            pending.TrySetException(new XunitException($"{Name}: the process exited (code {code}) before answering /peers."));
        Running.TryRemove(_process.Id, out _);
        return code;
    }

    private async Task ReadStdoutAsync()
    {
        var reader = _process.StandardOutput;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                OnEvent(line);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                lock (_unreadable) _unreadable.Add(line);
                _probe.Ref.Tell(new NodeError($"unreadable output line ({e.Message}): {line}"), ActorRefs.NoSender);
            }
        }
    }

    private async Task ReadStderrAsync()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                _stderr.Enqueue(line);
                while (_stderr.Count > KeptErrorLines) _stderr.Dequeue();
            }
            try
            {
                _log?.Invoke($"[{Name} stderr] {line}");
            }
            catch (InvalidOperationException) { } // the test's output helper is gone once the test ended
        }
    }

    private void OnEvent(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        ChatEvent? chat = e.GetProperty("event").GetString() switch
        {
            "listening" => OnListening(e),
            "peer-joined" => new PeerJoined(ReadPeer(e, withProfile: true)),
            "peer-left" => new PeerLeft(ReadPeer(e, withProfile: false), ReadReason(e.GetProperty("reason").GetString())),
            "already-member" => new AlreadyMember(ReadPeer(e, withProfile: false)),
            "message" => new MessageReceived(ReadPeer(e.GetProperty("from"), withProfile: false), e.GetProperty("text").GetString() ?? ""),
            "peers" => OnPeers(e),
            "error" => new NodeError(e.GetProperty("text").GetString() ?? ""),
            var other => new NodeError($"unknown event '{other}': {line}"),
        };
        if (chat is not null) _probe.Ref.Tell(chat, ActorRefs.NoSender);
    }

    private ChatEvent? OnListening(JsonElement e)
    {
        _listening.TrySetResult((e.GetProperty("host").GetString() ?? "127.0.0.1", e.GetProperty("port").GetInt32()));
        return null;
    }

    private ChatEvent? OnPeers(JsonElement e)
    {
        var peers = e.GetProperty("peers").EnumerateArray().Select(p => ReadPeer(p, withProfile: true)).ToArray();
        if (_peerRequests.TryDequeue(out var request)) request.TrySetResult(peers);
        return null;
    }

    private static PeerInfo ReadPeer(JsonElement p, bool withProfile) => new(
        p.GetProperty("name").GetString() ?? "",
        withProfile ? Text(p, "age") : "",
        withProfile ? Text(p, "zip") : "",
        p.GetProperty("ip").GetString() ?? "",
        ReadPort(p));

    private static int? ReadPort(JsonElement p)
    {
        if (!p.TryGetProperty("port", out var port)) return null;
        return port.ValueKind switch
        {
            JsonValueKind.Number => port.GetInt32(),
            JsonValueKind.String when int.TryParse(port.GetString(), out var n) => n,
            _ => null,
        };
    }

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()) : "";

    private static LeaveReason ReadReason(string? reason) => reason switch
    {
        "leave" => LeaveReason.Leave,
        "disconnected" => LeaveReason.Disconnected,
        "stalled" => LeaveReason.Stalled,
        "replaced" => LeaveReason.Replaced,
        _ => throw new FormatException($"unknown peer-left reason '{reason}'"),
    };

    private string StderrTail()
    {
        var lines = StandardError;
        return lines.Count == 0 ? "" : $"\n{Name} standard error (last {lines.Count} lines):\n  " + string.Join("\n  ", lines);
    }

    private string UnreadableTail()
    {
        lock (_unreadable)
            return _unreadable.Count == 0 ? "" : $"\n{Name} output lines that are not events:\n  " + string.Join("\n  ", _unreadable.TakeLast(10));
    }

    /// <summary>If the test run itself ends abruptly, no peerchat process is left behind.</summary>
    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
        };
    }
}
