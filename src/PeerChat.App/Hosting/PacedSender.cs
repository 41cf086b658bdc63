using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>
/// Hands a front end's chat lines to the node in order, with at most <c>peerchat.send.max-in-flight</c>
/// broadcasts not yet accepted (<see cref="BroadcastAccepted"/> comes once no member is backlogged);
/// past that, lines wait here. The one pacing of both front ends: the screen fires and forgets, the
/// headless mode waits for <see cref="SendAsync"/> before reading more input, so its input is the back-pressure.
/// </summary>
internal sealed class PacedSender(IActorRef node, int maxInFlight)
{
    private readonly Lock _gate = new();
    private readonly Queue<(object Broadcast, TaskCompletionSource Handed)> _waiting = new();
    private int _inFlight;
    private bool _abandoned;

    /// <summary>Broadcasts waiting for a place.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _waiting.Count;
        }
    }

    /// <summary>Sends <paramref name="texts"/> as one broadcast; completes once it has left for the node (canceled if abandoned first).</summary>
    public Task SendAsync(IReadOnlyList<string> texts)
    {
        object broadcast = texts.Count == 1 ? new Broadcast(texts[0]) : new BroadcastLines(texts);
        lock (_gate)
        {
            if (_abandoned) return Task.FromCanceled(new CancellationToken(canceled: true));
            if (_inFlight < maxInFlight)
            {
                _inFlight++;
                Hand(broadcast);
                return Task.CompletedTask;
            }
            var handed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((broadcast, handed));
            return handed.Task;
        }
    }

    /// <summary>Quitting: what still waits is not sent.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            while (_waiting.TryDequeue(out var waiting)) waiting.Handed.TrySetCanceled();
        }
    }

    // Called under _gate, so broadcasts reach the node in the order they were sent.
    private void Hand(object broadcast) =>
        node.Ask<BroadcastAccepted>(broadcast, Timeout.InfiniteTimeSpan)
            .ContinueWith(_ => Accepted(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Accepted()
    {
        lock (_gate)
        {
            if (!_abandoned && _waiting.TryDequeue(out var next))
            {
                Hand(next.Broadcast); // the place passes to the next broadcast
                next.Handed.TrySetResult();
            }
            else _inFlight--;
        }
    }
}
