using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using PeerChat.Node;

namespace PeerChat.Node.Tests;

/// <summary>One node in its own ActorSystem on loopback, with a probe that hears every chat event.</summary>
public sealed class TestNode
{
    public required string Name { get; init; }
    public required ActorSystem System { get; init; }
    public required IActorRef Node { get; init; }
    public required TestProbe Events { get; init; }
    public required int Port { get; init; }
    public required NodeSettings Settings { get; init; }

    public string Address => $"127.0.0.1:{Port}";

    public void Say(string text) => Node.Tell(new Broadcast(text), Events.Ref);

    public void ConnectTo(TestNode other) => Node.Tell(new ConnectTo("127.0.0.1", other.Port));

    public void ConnectTo(int port) => Node.Tell(new ConnectTo("127.0.0.1", port));

    public async Task<IReadOnlyList<PeerInfo>> PeersAsync() =>
        (await Node.Ask<PeerList>(ListPeers.Instance, TimeSpan.FromSeconds(5))).Peers;

    /// <summary>Skips other events until one of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool>? match = null, TimeSpan? within = null) where T : ChatEvent =>
        (T)await Events.FishForMessageAsync(m => m is T t && (match?.Invoke(t) ?? true), within ?? TimeSpan.FromSeconds(10));

    public Task<MessageReceived> ExpectMessageAsync(string from, string text) =>
        ExpectAsync<MessageReceived>(m => m.From.Name == from && m.Text == text);

    public Task<PeerJoined> ExpectJoinedAsync(string name) => ExpectAsync<PeerJoined>(j => j.Peer.Name == name);

    public Task<PeerLeft> ExpectLeftAsync(string name) => ExpectAsync<PeerLeft>(l => l.Peer.Name == name);

    /// <summary>The next <paramref name="count"/> chat messages, in arrival order, skipping other events.</summary>
    public async Task<List<MessageReceived>> ReceiveMessagesAsync(int count)
    {
        var messages = new List<MessageReceived>();
        while (messages.Count < count) messages.Add(await ExpectAsync<MessageReceived>());
        return messages;
    }

    /// <summary>Fails if a chat message arrives within <paramref name="duration"/>; other events don't count.</summary>
    public async Task ExpectNoMessageAsync(TimeSpan duration)
    {
        var deadline = DateTime.UtcNow + duration;
        for (var left = duration; left > TimeSpan.Zero; left = deadline - DateTime.UtcNow)
            if (await Events.ReceiveOneAsync(left) is MessageReceived m)
                Assert.Fail($"{Name} got an unexpected message from {m.From.Name}: {m.Text}");
    }

    /// <summary>Discards the events received so far, so a later expectation sees only what follows.</summary>
    public async Task DrainAsync()
    {
        while (await Events.ReceiveOneAsync(TimeSpan.FromMilliseconds(100)) is not null) { }
    }
}

/// <summary>A TestKit that starts nodes, each in an ActorSystem of its own, and shuts them all down afterwards.</summary>
public abstract class NodeTestKit() : TestKit(Hocon)
{
    private const string Hocon = "akka.loglevel = WARNING";
    private readonly List<ActorSystem> _systems = [];

    protected async Task<TestNode> StartNodeAsync(string name, string extraHocon = "")
    {
        var config = ConfigurationFactory.ParseString($$"""
            peerchat.identity.name = "{{name}}"
            peerchat.identity.age = "{{20 + _systems.Count}}"
            peerchat.identity.zip = "1000{{_systems.Count}}"
            peerchat.listen.host = "127.0.0.1"
            peerchat.listen.port = 0
            {{extraHocon}}
            """).WithFallback(NodeSettings.DefaultConfig);
        var system = ActorSystem.Create($"node-{name}-{_systems.Count}", config.WithFallback(DefaultConfig));
        _systems.Add(system);
        var settings = NodeSettings.Create(config);
        var probe = CreateTestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(ChatEvent));
        var node = ChatNode.Start(system, settings);
        var listening = (Listening)await probe.FishForMessageAsync(m => m is Listening, TimeSpan.FromSeconds(10));
        return new TestNode { Name = name, System = system, Node = node, Events = probe, Port = listening.Port, Settings = settings };
    }

    /// <summary>Starts nodes and joins each later one through the first, waiting until every node sees every other.</summary>
    protected async Task<TestNode[]> StartMeshAsync(params string[] names)
    {
        var nodes = new TestNode[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            nodes[i] = await StartNodeAsync(names[i]);
            if (i > 0) nodes[i].ConnectTo(nodes[0]);
            await AwaitMeshAsync(nodes[..(i + 1)]);
        }
        return nodes;
    }

    protected async Task AwaitMeshAsync(IReadOnlyList<TestNode> nodes)
    {
        foreach (var node in nodes)
            await AwaitAssertAsync(async () =>
            {
                var peers = await node.PeersAsync();
                Assert.Equal(nodes.Where(n => n != node).Select(n => n.Name).Order(), peers.Select(p => p.Name).Order());
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
    }

    protected override void AfterAll()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(5));
        base.AfterAll();
    }
}

/// <summary>A peer played by a plain socket: sends whatever a test wants, reads frames line by line.</summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<byte> _pending = [];

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Wraps a socket the test accepted itself (the node dialled it).</summary>
    public static RawPeer Adopt(TcpClient client) => new(client);

    public int LocalPort => ((System.Net.IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawPeer(client);
    }

    /// <summary>Connects and completes a join as <paramref name="name"/>, advertising <paramref name="port"/>.</summary>
    public static async Task<RawPeer> JoinAsync(int nodePort, string name, string port = "7777")
    {
        var peer = await ConnectAsync(nodePort);
        await peer.SendAsync($$"""{"type":"join","name":"{{name}}","age":"30","zip":"12345","port":"{{port}}"}""");
        var reply = await peer.ReadFrameAsync();
        Assert.Equal("join-reply", reply.GetProperty("type").GetString());
        return peer;
    }

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line, as text, waiting at most <paramref name="within"/> (default 10 s).</summary>
    public async Task<string> ReadLineAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray());
                _pending.RemoveRange(0, newline + 1);
                return line;
            }
            var n = await _stream.ReadAsync(_buffer, timeout.Token);
            if (n == 0) throw new EndOfStreamException("the node closed the connection");
            _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        }
    }

    public async Task<JsonElement> ReadFrameAsync(TimeSpan? within = null) =>
        JsonDocument.Parse(await ReadLineAsync(within)).RootElement;

    /// <summary>Reads frames until one of <paramref name="type"/>, failing on timeout.</summary>
    public async Task<JsonElement> ExpectFrameAsync(string type, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no {type} frame in time");
            var frame = await ReadFrameAsync(left);
            if (frame.GetProperty("type").GetString() == type) return frame;
        }
    }

    /// <summary>True when the node closed this connection (end of stream) within <paramref name="within"/>.</summary>
    public async Task<bool> ClosedByNodeAsync(TimeSpan within)
    {
        try
        {
            using var timeout = new CancellationTokenSource(within);
            while (true)
                if (await _stream.ReadAsync(_buffer, timeout.Token) == 0) return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    public void Abort()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
