using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using PeerChat.Node;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>
/// Starts PeerChat nodes for a test and cleans every one of them up: in-process nodes (each in its
/// own ActorSystem), headless processes and raw peers. Use it from any Akka TestKit by composition
/// (<c>new PeerChatHarness(this)</c>, dispose it when the test ends), or derive from
/// <see cref="PeerChatTestKit"/>, which does that for you.
/// </summary>
/// <remarks>
/// Every wait (expectations, peer lists, leaves, meshes, partitions, raw peers' reads, a process's
/// start) is timed by that TestKit, as its own expectations are: a timeout given is dilated by
/// <c>akka.test.timefactor</c>; none given means the time left in the enclosing <c>Within</c>
/// (<c>WithinAsync</c>), else the default (<see cref="PeerChatTimeouts"/>) dilated. Inside a
/// <c>Within</c>, no wait outlasts the block.
/// </remarks>
public sealed partial class PeerChatHarness : IAsyncDisposable
{
    private static readonly TimeSpan MeshPollInterval = TimeSpan.FromMilliseconds(25);

    private readonly TestKitBase _kit;
    private readonly WaitLimit _limits;
    private readonly Action<string>? _log;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<INodeHandle> _nodes = [];
    private int _started;
    private int _disposed;

    /// <param name="kit">The TestKit whose probes hear the nodes' events.</param>
    /// <param name="output">Where headless processes' standard error goes, line by line (optional).</param>
    public PeerChatHarness(TestKitBase kit, ITestOutputHelper? output = null)
    {
        _kit = kit;
        _limits = WaitLimit.Of(kit);
        if (output is not null) _log = output.WriteLine;
    }

    /// <summary>Every node started so far, in order.</summary>
    public IReadOnlyList<INodeHandle> Nodes
    {
        get
        {
            lock (_nodes) return [.. _nodes];
        }
    }

    // ── In-process nodes ─────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Starts a node named <paramref name="name"/> in an ActorSystem of its own, listening on
    /// 127.0.0.1 on a free port, and waits until it listens. <paramref name="hoconOverrides"/> is
    /// HOCON laid over the node's config (for example <c>peerchat.timeouts.join = 300ms</c>); each
    /// node gets a distinct age and zip unless they are overridden. A <paramref name="paced"/> node
    /// reads each peer at most <c>peerchat.limits.inbound-window</c> chat batches ahead of what the test
    /// confirms (<see cref="MessagesReceived.Confirm"/>), as the program's front ends do.
    /// </summary>
    public async Task<ChatNodeHandle> StartNodeAsync(string name, string hoconOverrides = "", bool paced = false)
    {
        ThrowIfDisposed();
        var index = Interlocked.Increment(ref _started) - 1;
        var config = ConfigurationFactory.ParseString($"""
            peerchat.identity.name = {Quote(name)}
            peerchat.identity.age = "{20 + index}"
            peerchat.identity.zip = "{10000 + index}"
            peerchat.listen.host = "127.0.0.1"
            peerchat.listen.port = 0
            {hoconOverrides}
            """).WithFallback(NodeSettings.DefaultConfig);
        var settings = NodeSettings.Create(config) with { Paced = paced };
        // The program's own host: the same start (subscribed before the node exists) and the same quit.
        var host = NodeHost.Create(SystemName(name, index), config.WithFallback(Akka.TestKit.Xunit2.TestKit.DefaultConfig), settings);
        var probe = _kit.CreateTestProbe(host.System);
        host.System.EventStream.Subscribe(probe.Ref, typeof(ChatEvent));
        host.StartNode();
        var handle = new ChatNodeHandle(host, probe, _limits);
        Own(handle);

        var started = await handle.ExpectEventAsync<ChatEvent>(e => e is Listening or ListenFailed);
        if (started is ListenFailed failed)
            throw new XunitException($"{name}: cannot listen on {failed.Host}:{failed.Port}: {failed.Reason}");
        handle.ListenPort = ((Listening)started).Port;
        lock (_nodes) _nodes.Add(handle);
        return handle;
    }

    /// <summary>
    /// Starts one node per name and joins each later one through the first, one at a time,
    /// returning once every node sees every other: <c>var (a, b, c) = await StartMeshAsync("a", "b", "c");</c>
    /// </summary>
    public async Task<Mesh> StartMeshAsync(params string[] names)
    {
        var nodes = await StartAllAsync(names);
        await JoinMeshAsync(nodes);
        return new Mesh(nodes);
    }

    /// <summary>
    /// Starts one node per member and joins each through the member it names (<c>Via</c>: an earlier
    /// member's name; null for the first member), one at a time, returning once every node sees every
    /// other. For example <c>StartMeshAsync(("a", null), ("b", "a"), ("c", "b"))</c>.
    /// </summary>
    public async Task<Mesh> StartMeshAsync(params (string Name, string? Via)[] members)
    {
        var nodes = await StartAllAsync(members.Select(m => m.Name).ToArray());
        for (var i = 1; i < nodes.Length; i++)
        {
            var via = members[i].Via;
            var through = via is null ? nodes[0] : nodes[..i].FirstOrDefault(n => n.Name == via)
                ?? throw new ArgumentException($"{members[i].Name} joins through '{via}', which is not an earlier member", nameof(members));
            nodes[i].ConnectTo(through);
            await AwaitMeshAsync(nodes[..(i + 1)]);
        }
        return new Mesh(nodes);
    }

    /// <summary>
    /// Joins every node (in-process or headless, in any mix) into one mesh: each one after the first
    /// connects to the first, and the mesh so far is awaited before the next joins (two joins at once
    /// could each miss the other: nothing is forwarded).
    /// </summary>
    public async Task JoinMeshAsync(IReadOnlyList<INodeHandle> nodes, TimeSpan? timeout = null)
    {
        ThrowIfDisposed();
        for (var i = 1; i < nodes.Count; i++)
        {
            nodes[i].ConnectTo(nodes[0]);
            await AwaitMeshAsync(nodes.Take(i + 1), timeout);
        }
    }

    /// <summary>
    /// Waits until every node lists every other one as a member (by listen port; extra members such
    /// as raw peers are fine). Fails after <paramref name="timeout"/> (default 10 s, dilated, bounded by the
    /// enclosing <c>Within</c> like every wait of the kit) naming each missing pair, like
    /// <c>mesh incomplete after 10s: alice does not see carol; carol does not see alice</c>.
    /// </summary>
    public static async Task AwaitMeshAsync(IEnumerable<INodeHandle> nodes, TimeSpan? timeout = null)
    {
        var list = nodes.ToList();
        // The nodes know the test's TestKit (the harness that started them told them).
        var limits = list.OfType<NodeHandleBase>().FirstOrDefault()?.Limits ?? WaitLimit.WithoutKit;
        var limit = limits.For(timeout);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ask = TimeSpan.FromTicks(Math.Clamp((limit - clock.Elapsed).Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(5).Ticks));
            var views = await Task.WhenAll(list.Select(async n =>
            {
                try
                {
                    return (Node: n, Peers: await n.PeersAsync(ask), Error: (string?)null);
                }
                catch (Exception e)
                {
                    return (Node: n, Peers: (IReadOnlyList<PeerInfo>)[], Error: e.Message);
                }
            }));
            var missing = new List<string>();
            foreach (var (node, peers, error) in views)
            {
                if (error is not null)
                {
                    missing.Add($"{node.Name} does not answer ({error})");
                    continue;
                }
                foreach (var other in list)
                    if (!ReferenceEquals(other, node) && !peers.Any(p => p.Port == other.Port))
                        missing.Add($"{node.Name} does not see {other.Name}");
            }
            if (missing.Count == 0) return;
            if (clock.Elapsed >= limit)
                throw new XunitException($"mesh incomplete after {EventInbox.Seconds(limit)}: {string.Join("; ", missing)}{await ReportedErrorsAsync(list)}");
            await Task.Delay(MeshPollInterval);
        }
    }

    private static async Task<string> ReportedErrorsAsync(IEnumerable<INodeHandle> nodes)
    {
        var lines = new List<string>();
        foreach (var node in nodes.OfType<NodeHandleBase>())
            foreach (var error in await node.UntakenErrorsAsync())
                lines.Add($"{node.Name}: {error}");
        return lines.Count == 0 ? "" : "\nErrors the nodes reported meanwhile:\n  " + string.Join("\n  ", lines);
    }

    // ── Headless processes ───────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Starts <c>peerchat --headless --port 0 --host 127.0.0.1 --name NAME</c> (see
    /// <see cref="HeadlessNodeOptions.Program"/> for where it is found) and waits until it listens.
    /// The process is ended when the harness is disposed.
    /// </summary>
    public async Task<HeadlessProcessNode> StartHeadlessNodeAsync(string name, HeadlessNodeOptions? options = null)
    {
        ThrowIfDisposed();
        var node = await HeadlessProcessNode.StartAsync(name, _kit.CreateTestProbe(), options, _log, _limits);
        Own(node);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    /// <summary>Starts a headless node with <paramref name="hoconOverrides"/> as its <c>--config</c> file.</summary>
    public Task<HeadlessProcessNode> StartHeadlessNodeAsync(string name, string hoconOverrides) =>
        StartHeadlessNodeAsync(name, new HeadlessNodeOptions { HoconOverrides = hoconOverrides });

    // ── Raw peers ────────────────────────────────────────────────────────────────────────────────

    /// <summary>A raw socket connected to <paramref name="node"/>; nothing sent yet. Closed when the harness is disposed.</summary>
    public async Task<RawPeer> ConnectRawPeerAsync(INodeHandle node) => Own(await RawPeer.ConnectAsync(node.Port, node.Host, null, _limits));

    /// <summary>A raw peer joined to <paramref name="node"/> as <paramref name="name"/> (its join-reply already checked).</summary>
    public async Task<RawPeer> JoinRawPeerAsync(INodeHandle node, string name, string port = "7777", string age = "30", string zip = "12345") =>
        Own(await RawPeer.JoinAsync(node.Port, name, port, age, zip, null, _limits));

    /// <summary>A listening port on 127.0.0.1 that nodes can dial. Closed, with its connections, when the harness is disposed.</summary>
    public RawPeerListener ListenRawPeer() => Own(RawPeerListener.Start("127.0.0.1", _limits));

    // ── Cleanup ──────────────────────────────────────────────────────────────────────────────────

    /// <summary>Has the harness dispose <paramref name="resource"/> with everything else.</summary>
    public T Own<T>(T resource) where T : IAsyncDisposable
    {
        lock (_owned) _owned.Add(resource);
        return resource;
    }

    /// <summary>Closes raw peers, ends headless processes and terminates every node's ActorSystem. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        IAsyncDisposable[] owned;
        lock (_owned) owned = [.. _owned];
        // Sockets first, so nodes see them go before they stop themselves; then every node at once.
        await Task.WhenAll(owned.Where(o => o is RawPeer or RawPeerListener).Select(SafeDisposeAsync));
        await Task.WhenAll(owned.Where(o => o is not (RawPeer or RawPeerListener)).Select(SafeDisposeAsync));
    }

    private async Task SafeDisposeAsync(IAsyncDisposable resource)
    {
        try
        {
            await resource.DisposeAsync();
        }
        catch (Exception e)
        {
            try
            {
                _log?.Invoke($"[cleanup] {resource}: {e.Message}");
            }
            catch (InvalidOperationException) { }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private async Task<ChatNodeHandle[]> StartAllAsync(string[] names) => await Task.WhenAll(names.Select(n => StartNodeAsync(n)));

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string text) => JsonSerializer.Serialize(text, Relaxed);

    private static string SystemName(string name, int index)
    {
        var safe = NotNameChars().Replace(name, "-").Trim('-');
        return $"peerchat-{(safe.Length > 0 ? safe : "node")}-{index}";
    }

    [GeneratedRegex("[^A-Za-z0-9-]+")]
    private static partial Regex NotNameChars();
}
