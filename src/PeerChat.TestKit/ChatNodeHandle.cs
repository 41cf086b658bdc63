using Akka.Actor;
using Akka.TestKit;
using PeerChat.Node;

namespace PeerChat.Testing;

/// <summary>
/// An in-process node: its own <see cref="ActorSystem"/> on loopback, the node actor at
/// <c>/user/node</c>, and a probe subscribed to every <see cref="ChatEvent"/> of that system.
/// Start one with <see cref="PeerChatHarness.StartNodeAsync"/> (or <see cref="PeerChatTestKit"/>).
/// </summary>
public sealed class ChatNodeHandle : NodeHandleBase
{
    private int _stopped;

    internal ChatNodeHandle(NodeHost host, TestProbe events)
        : base(new EventInbox(events, host.Settings.Name))
    {
        NodeHost = host;
    }

    /// <summary>The node's host: its ActorSystem, the node, and quitting as the program quits.</summary>
    public NodeHost NodeHost { get; }

    public override string Name => Settings.Name;

    public override string Host => "127.0.0.1";

    public override int Port => ListenPort;

    internal int ListenPort { get; set; }

    /// <summary>The node's own ActorSystem.</summary>
    public ActorSystem System => NodeHost.System;

    /// <summary>The node actor: send it any command of <c>PeerNode.cs</c> directly.</summary>
    public IActorRef Node => NodeHost.Node;

    /// <summary>The probe that hears the node's events. Prefer the expectations: they share its queue.</summary>
    public TestProbe Events => Inbox.Probe;

    /// <summary>The settings the node runs with (identity, limits, timeouts).</summary>
    public NodeSettings Settings => NodeHost.Settings;

    public override void Say(string text) => Node.Tell(new Broadcast(text), Events.Ref);

    /// <summary>Sends a chat line and waits until the node accepted it (its pacing: see <see cref="BroadcastAccepted"/>).</summary>
    public Task SayAsync(string text, TimeSpan? timeout = null) =>
        Node.Ask<BroadcastAccepted>(new Broadcast(text), timeout ?? PeerChatTimeouts.Default);

    public override void ConnectTo(string host, int port) => Node.Tell(new ConnectTo(host, port));

    public override async Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null) =>
        (await Node.Ask<PeerList>(ListPeers.Instance, timeout ?? PeerChatTimeouts.Default)).Peers;

    public override async Task LeaveAsync(TimeSpan? timeout = null) =>
        await Node.Ask<LeaveCompleted>(LeaveNetwork.Instance, timeout ?? PeerChatTimeouts.Default);

    /// <summary>Quits as the program does on <c>/quit</c>: <c>leave</c> to every member, then the system terminates.</summary>
    public Task QuitAsync() => NodeHost.QuitAsync();

    /// <summary>Terminates the node's ActorSystem without <c>leave</c>; its connections close under it.</summary>
    public override void Kill()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
            System.Terminate().Wait(PeerChatTimeouts.Default);
    }

    /// <summary>Whether <see cref="Kill"/> or disposal stopped the node.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) == 1 || System.WhenTerminated.IsCompleted;

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try
        {
            await System.Terminate().WaitAsync(PeerChatTimeouts.Default).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Cleanup must not hide the test's own outcome; the system was told to stop.
        }
    }
}
