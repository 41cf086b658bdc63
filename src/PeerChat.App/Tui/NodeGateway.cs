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

    void Leave();

    /// <summary>Says <c>leave</c> to every member, then calls <paramref name="done"/> (on some other thread), at the latest after the quit timeout.</summary>
    void Quit(Action done);
}

/// <summary>
/// The real <see cref="IChatNode"/>: every command is a <c>Tell</c>. Broadcasts are paced as the node
/// asks: at most <see cref="NodeSettings.MaxSendsInFlight"/> wait for <see cref="BroadcastAccepted"/>;
/// lines typed past that wait here, in order, and go out as answers come in. The answers are
/// awaited by Ask continuations on the thread pool, never by the UI thread.
/// </summary>
internal sealed class NodeGateway : IChatNode
{
    private readonly IActorRef _node;
    private readonly IActorRef _bridge;
    private readonly int _maxInFlight;
    private readonly TimeSpan _quitTimeout;
    private readonly Lock _gate = new();
    private readonly Queue<string> _waiting = new();
    private int _inFlight;

    public NodeGateway(IActorRef node, IActorRef bridge, NodeSettings settings)
    {
        _node = node;
        _bridge = bridge;
        _maxInFlight = settings.MaxSendsInFlight;
        _quitTimeout = settings.QuitTimeout + TimeSpan.FromSeconds(1);
    }

    /// <summary>Lines typed but not yet handed to the node (pacing).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _waiting.Count;
        }
    }

    public void Send(string text)
    {
        lock (_gate)
        {
            if (_inFlight >= _maxInFlight)
            {
                _waiting.Enqueue(text);
                return;
            }
            _inFlight++;
            Broadcast(text);
        }
    }

    // Called under _gate, so lines reach the node in the order they were typed.
    private void Broadcast(string text) =>
        _node.Ask<BroadcastAccepted>(new Broadcast(text), Timeout.InfiniteTimeSpan)
            .ContinueWith(_ => Accepted(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Accepted()
    {
        lock (_gate)
        {
            if (_waiting.TryDequeue(out var next)) Broadcast(next); // the slot passes to the next line
            else _inFlight--;
        }
    }

    public void Connect(string host, int port) => _node.Tell(new ConnectTo(host, port));

    public void ListPeers(PeerFilter filter) => _bridge.Tell(new TuiBridge.AskPeers(filter));

    public void Leave() => _node.Tell(LeaveNetwork.Instance, _bridge);

    public void Quit(Action done) =>
        _node.Ask<LeaveCompleted>(LeaveNetwork.Instance, _quitTimeout)
            .ContinueWith(_ => done(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
