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

/// <summary>Hands the node's events to a probe with each chat line of a <see cref="MessagesReceived"/> as its own event, in order.</summary>
internal sealed class OneLinePerEvent : ReceiveActor
{
    public OneLinePerEvent(IActorRef probe)
    {
        Receive<MessagesReceived>(batch => { foreach (var line in batch.Each()) probe.Tell(line); });
        Receive<ChatEvent>(e => probe.Tell(e));
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
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new OneLinePerEvent(probe.Ref))), typeof(ChatEvent));
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
