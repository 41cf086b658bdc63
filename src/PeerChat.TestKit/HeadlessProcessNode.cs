using PeerChat.Protocol;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

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
public sealed partial class HeadlessProcessNode : NodeHandleBase
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
    public static Task<HeadlessProcessNode> StartAsync(string name, TestProbe probe, HeadlessNodeOptions? options = null, Action<string>? log = null) =>
        StartAsync(name, probe, options, log, WaitLimit.WithoutKit);

    internal static async Task<HeadlessProcessNode> StartAsync(string name, TestProbe probe, HeadlessNodeOptions? options, Action<string>? log, WaitLimit limits)
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
        var node = new HeadlessProcessNode(name, process, probe, configFile, log) { Limits = limits };

        var timeout = limits.For(options.StartTimeout, PeerChatTimeouts.ProcessStart);
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

    /// <summary>Writes the chat line, then waits for the answer to a <c>/peers</c> written after it: the process has read the line and its node has it.</summary>
    public override async Task SayAsync(string text, TimeSpan? timeout = null)
    {
        Say(text);
        await PeersAsync(timeout);
    }

    public override void ConnectTo(string host, int port) =>
        WriteLine($"/connect {HostPort.Format(host, port)}");

    /// <summary>Writes any input line as is (a command, or something invalid to see the error event).</summary>
    public void SendInput(string line) => WriteLine(line);

    /// <summary>Asks <c>/peers</c> and waits for the <c>peers</c> event that answers it.</summary>
    public override async Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null)
    {
        var t = Limits.For(timeout);
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
        var t = Limits.For(timeout);
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
        var t = Limits.For(timeout);
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
}
