using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>What the chat screen asks of the node. Every call returns at once: the UI thread never waits for an actor.</summary>
internal interface IChatNode
{
    /// <summary>Broadcasts a chat line (paced: see <see cref="NodeGateway"/>).</summary>
    void Send(string text);

    void Connect(string host, int port);

    /// <summary>The answer arrives as a <see cref="PeersListed"/> batch item.</summary>
    void ListPeers(PeerFilter filter);

    /// <summary>Asks one member (<c>HOST:PORT</c> or name) for its member list; the answer arrives as a <see cref="MemberListed"/> or <see cref="MemberListFailed"/> batch item.</summary>
    void AskMember(string member);

    /// <summary>Takes a new name; a <see cref="NameChanged"/> event follows, or a <see cref="NameRefused"/> batch item.</summary>
    void ChangeName(string name);

    void Leave();

    /// <summary>Says <c>leave</c> to every member, then calls <paramref name="done"/> (on some other thread), at the latest after the quit timeout.</summary>
    void Quit(Action done);
}

/// <summary>
/// The real <see cref="IChatNode"/>: every command is a <c>Tell</c>. Broadcasts are paced as the node
/// asks: at most <see cref="NodeSettings.MaxSendsInFlight"/> wait for <see cref="BroadcastAccepted"/>;
/// lines typed past that wait in its <see cref="PacedSender"/>, in order, and go out as answers come in. The answers are
/// awaited by Ask continuations on the thread pool, never by the UI thread.
/// </summary>
internal sealed class NodeGateway : IChatNode
{
    private readonly IActorRef _node;
    private readonly IActorRef _bridge;
    private readonly PacedSender _sender;
    private readonly TimeSpan _quitTimeout;

    public NodeGateway(IActorRef node, IActorRef bridge, NodeSettings settings)
    {
        _node = node;
        _bridge = bridge;
        _sender = new PacedSender(node, settings.MaxSendsInFlight);
        _quitTimeout = settings.QuitTimeout + TimeSpan.FromSeconds(1);
    }

    /// <summary>Lines typed but not yet handed to the node (pacing).</summary>
    public int Waiting => _sender.Waiting;

    /// <summary>Sends a typed line; lines leave in the order typed, paced by the node (fire and forget).</summary>
    public void Send(string text) => _ = _sender.SendAsync([text]);

    public void Connect(string host, int port) => _node.Tell(new ConnectTo(host, port));

    public void ListPeers(PeerFilter filter) => _bridge.Tell(new TuiBridge.AskPeers(filter));

    public void AskMember(string member) => _node.Tell(new AskMemberList(member), _bridge);

    public void ChangeName(string name) => _node.Tell(new ChangeName(name), _bridge);

    public void Leave() => _node.Tell(LeaveNetwork.Instance, _bridge);

    public void Quit(Action done) =>
        _node.Ask<LeaveCompleted>(LeaveNetwork.Instance, _quitTimeout)
            .ContinueWith(_ => done(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
