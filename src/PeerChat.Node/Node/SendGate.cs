using System.Collections.Immutable;
using Akka.Actor;

namespace PeerChat.Node;

/// <summary>
/// Pacing of local broadcasts: while any member's unsent bytes are over the high-water mark, a
/// sender's <see cref="BroadcastAccepted"/> waits; when the last one drains, every waiting sender is released.
/// </summary>
internal sealed record SendGate(ImmutableHashSet<IActorRef> Backlogged, ImmutableQueue<IActorRef> Waiting)
{
    public static readonly SendGate Open = new([], []);

    public bool IsOpen => Backlogged.IsEmpty;

    public SendGate Over(IActorRef member) => this with { Backlogged = Backlogged.Add(member) };

    public SendGate Wait(IActorRef sender) => this with { Waiting = Waiting.Enqueue(sender) };

    /// <summary>The member drained (or is gone); the senders to release, if it was the last backlogged one.</summary>
    public (SendGate, IReadOnlyList<IActorRef> Released) Under(IActorRef member)
    {
        if (!Backlogged.Contains(member)) return (this, []);
        var gate = this with { Backlogged = Backlogged.Remove(member) };
        if (!gate.IsOpen || gate.Waiting.IsEmpty) return (gate, []);
        return (gate with { Waiting = [] }, gate.Waiting.ToArray());
    }
}
