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

    internal ChatNodeHandle(NodeHost host, TestProbe events, WaitLimit limits)
        : base(new EventInbox(events, host.Settings.Name))
    {
        NodeHost = host;
        Limits = limits;
    }

    /// <summary>The node's host: its ActorSystem, the node, and quitting as the program quits.</summary>
    public NodeHost NodeHost { get; }

    /// <summary>The name the node started with; after a <c>ChangeName</c> (<c>/nick</c>) its <see cref="NameChanged"/> event has the new one.</summary>
    public override string Name => Settings.Name;

    public override string Host => "127.0.0.1";

    public override int Port => ListenPort;

    internal int ListenPort { get; set; }

    /// <summary>The node's own ActorSystem.</summary>
    public ActorSystem System => NodeHost.System;

    /// <summary>The node actor: send it any command of <c>ChatNode.cs</c> (or <c>LinkCuts.cs</c>) directly.</summary>
    public IActorRef Node => NodeHost.Node;

    /// <summary>
    /// The TestKit probe subscribed to every <see cref="ChatEvent"/> on the node's EventStream, from
    /// before the node started: <see cref="Listening"/>, <see cref="PeerJoined"/>, <see cref="PeerLeft"/>,
    /// <see cref="MessagesReceived"/> (chat, one batch per read), <see cref="MessageSent"/>,
    /// <see cref="JoinFailed"/>, <see cref="AlreadyMember"/>, <see cref="LeftNetwork"/>; replies to
    /// commands sent with <see cref="Say"/> land here too (<see cref="BroadcastAccepted"/>).
    /// </summary>
    /// <remarks>
    /// The expectations (<see cref="NodeHandleBase.ExpectMessageAsync"/> and the rest) read this same
    /// probe: an event taken from it directly (<c>Events.ExpectMsg&lt;PeerJoined&gt;()</c>) is gone for them,
    /// and an event an expectation has already moved to its inbox is no longer on the probe. Use it for
    /// what the expectations do not offer (<c>Events.HasMessages</c>, <c>Events.FishForMessage</c>, batches
    /// as the node published them), or <see cref="NodeHandleBase.DiscardEvents"/> to drop both.
    /// </remarks>
    public TestProbe Events => Inbox.Probe;

    /// <summary>The settings the node runs with (identity, limits, timeouts).</summary>
    public NodeSettings Settings => NodeHost.Settings;

    public override void Say(string text) => Node.Tell(new Broadcast(text), Events.Ref);

    public override Task SayAsync(string text, TimeSpan? timeout = null) =>
        Node.Ask<BroadcastAccepted>(new Broadcast(text), Limits.For(timeout));

    public override void ConnectTo(string host, int port) => Node.Tell(new ConnectTo(host, port));

    public override async Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null) =>
        (await Node.Ask<PeerList>(ListPeers.Instance, Limits.For(timeout))).Peers;

    public override async Task LeaveAsync(TimeSpan? timeout = null) =>
        await Node.Ask<LeaveCompleted>(LeaveNetwork.Instance, Limits.For(timeout));

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
