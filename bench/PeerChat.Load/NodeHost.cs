using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using PeerChat.Node;

namespace PeerChat.Load;

/// <summary>
/// A monotonic event count that a waiter can block on: the tap actor adds, a scenario awaits
/// <see cref="WhenAtLeast"/>, which completes with the <see cref="Stopwatch"/> timestamp of the crossing.
/// </summary>
public sealed class Counter
{
    private long _value;
    private long _target = long.MaxValue;
    private TaskCompletionSource<long>? _waiter;

    public long Value => Volatile.Read(ref _value);

    public void Add(long delta = 1)
    {
        long value = Interlocked.Add(ref _value, delta);
        if (value >= Volatile.Read(ref _target)) Volatile.Read(ref _waiter)?.TrySetResult(Stopwatch.GetTimestamp());
    }

    public Task<long> WhenAtLeast(long target)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiter, waiter);
        Volatile.Write(ref _target, target);
        if (Value >= target) waiter.TrySetResult(Stopwatch.GetTimestamp());
        return waiter.Task;
    }
}

/// <summary>
/// One real node: its own ActorSystem, <see cref="ChatNode.Start"/> with the shipped defaults plus the
/// scenario's overrides, listening on 127.0.0.1 with port 0. An EventStream subscriber (the tap) counts
/// what the node publishes, as a front end would hear it.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeHost(string name, ActorSystem system, NodeSettings settings)
    {
        Name = name;
        System = system;
        Settings = settings;
    }

    public string Name { get; }
    public ActorSystem System { get; }
    public NodeSettings Settings { get; }
    public IActorRef Node { get; private set; } = ActorRefs.Nobody;
    public int Port { get; private set; }

    /// <summary>Members now (PeerJoined minus PeerLeft).</summary>
    public Counter Members { get; } = new();

    /// <summary>Every PeerJoined seen.</summary>
    public Counter Joins { get; } = new();

    public Counter Messages { get; } = new();

    /// <summary>Runs on the tap actor (one thread at a time) for each chat line (one MessageReceived of a MessagesReceived batch), before it is counted.</summary>
    public Action<string>? OnMessage { get; set; }

    /// <summary>The HOCON every node here gets before the scenario's own overrides.</summary>
    public static string BaseOverrides(string name) => $$"""
        peerchat.identity.name = "{{name}}"
        peerchat.identity.age = 30
        peerchat.identity.zip = "12345"
        peerchat.listen.host = "127.0.0.1"
        peerchat.listen.port = 0
        # Shutting a node down logs "Bind commander died" warnings; errors still show.
        akka.loglevel = ERROR
        """;

    /// <summary>HOCON from <c>--set</c>, applied to every node after the scenario's own overrides.</summary>
    public static string ExtraOverrides { get; set; } = "";

    public static async Task<NodeHost> StartAsync(string name, string overrides = "")
    {
        var config = ConfigurationFactory.ParseString(BaseOverrides(name) + "\n" + overrides + "\n" + ExtraOverrides).WithFallback(NodeSettings.DefaultConfig);
        var settings = NodeSettings.Create(config);
        var system = ActorSystem.Create(SystemName(name), config);
        var host = new NodeHost(name, system, settings);
        var tap = system.ActorOf(Props.Create(() => new Tap(host)), "load-tap");
        system.EventStream.Subscribe(tap, typeof(ChatEvent));
        host.Node = ChatNode.Start(system, settings);
        var done = await Task.WhenAny(host._listening.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        if (done != host._listening.Task)
        {
            await system.Terminate();
            throw new TimeoutException($"node {name} did not start listening within 10 s");
        }
        host.Port = await host._listening.Task;
        return host;
    }

    private static string SystemName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());

    private void OnEvent(object message)
    {
        switch (message)
        {
            case MessagesReceived batch:
                if (OnMessage is { } onMessage)
                    foreach (var text in batch.Texts) onMessage(text);
                Messages.Add(batch.Texts.Count);
                break;
            case PeerJoined:
                Joins.Add();
                Members.Add();
                break;
            case PeerLeft:
                Members.Add(-1);
                break;
            case Listening listening:
                _listening.TrySetResult(listening.Port);
                break;
            case ListenFailed failed:
                _listening.TrySetException(new InvalidOperationException($"node {Name} cannot listen: {failed.Reason}"));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { });
    }

    private sealed class Tap(NodeHost host) : UntypedActor
    {
        protected override void OnReceive(object message) => host.OnEvent(message);
    }
}

/// <summary>
/// A local sender as a front end would be: keeps at most <c>window</c> <see cref="Broadcast"/>s unanswered
/// (the node answers <see cref="BroadcastAccepted"/> once no member is backlogged) and queues the rest.
/// The text factory gets the sequence number and the send time (see <see cref="Send"/>).
/// </summary>
public sealed class Broadcaster : UntypedActor
{
    /// <summary>
    /// Send <paramref name="Count"/> more broadcasts as fast as the window allows. With a
    /// <paramref name="Stamp"/> (a Stopwatch timestamp) those texts carry it, even if the window makes them
    /// wait here; without, each carries the moment it is handed to the node.
    /// </summary>
    public sealed record Send(int Count, long Stamp = 0);

    private readonly IActorRef _node;
    private readonly int _window;
    private readonly Func<long, long, string> _text;
    private readonly TaskCompletionSource<long> _allAccepted;
    private readonly Queue<long> _stamps = new();
    private long _wanted;
    private long _issued;
    private long _accepted;
    private int _inFlight;

    public Broadcaster(IActorRef node, int window, Func<long, long, string> text, TaskCompletionSource<long> allAccepted)
    {
        _node = node;
        _window = window;
        _text = text;
        _allAccepted = allAccepted;
    }

    /// <param name="text">(sequence number, send timestamp) to chat text.</param>
    public static Props Props(IActorRef node, int window, Func<long, long, string> text, TaskCompletionSource<long> allAccepted) =>
        Akka.Actor.Props.Create(() => new Broadcaster(node, window, text, allAccepted));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Send send:
                _wanted += send.Count;
                for (int i = 0; i < send.Count; i++) _stamps.Enqueue(send.Stamp);
                Pump();
                break;
            case BroadcastAccepted:
                _inFlight--;
                _accepted++;
                Pump();
                break;
        }
    }

    private void Pump()
    {
        while (_inFlight < _window && _issued < _wanted)
        {
            long stamp = _stamps.Dequeue();
            _node.Tell(new Broadcast(_text(_issued, stamp != 0 ? stamp : Stopwatch.GetTimestamp())), Self);
            _issued++;
            _inFlight++;
        }
        if (_accepted == _wanted && _wanted > 0) _allAccepted.TrySetResult(Stopwatch.GetTimestamp());
    }
}
