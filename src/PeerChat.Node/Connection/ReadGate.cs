namespace PeerChat.Node;

/// <summary>
/// When a connection may pull its next read (Akka.IO pull mode: one <c>Received</c> per
/// <c>ResumeReading</c>). Pure: whatever can open it (a write ack, a who-reply written, a
/// confirmation, admission) asks again; there is no timer and nothing shared between connections.
/// </summary>
/// <param name="Pulled">A read is already asked for.</param>
/// <param name="Holding">Parked or waiting for the node's decision: nothing is read.</param>
/// <param name="WhoOwed">The member's <c>who</c> requests not yet answered: none is read until they are.</param>
/// <param name="OverHighWater">Our unsent bytes to this peer are over the mark: a peer that does not read our replies cannot make us read more requests.</param>
/// <param name="Unconfirmed">Chat batches the front end has not confirmed yet.</param>
/// <param name="Window">How many unconfirmed batches are allowed; 0 when nothing confirms (no pacing).</param>
/// <param name="WhoAsked">The node has been asked for the next who-reply and has not answered yet.</param>
internal readonly record struct ReadGate(bool Pulled, bool Holding, int WhoOwed, bool OverHighWater, long Unconfirmed, int Window, bool WhoAsked = false)
{
    public bool MayPull => !Pulled && !Holding && WhoOwed == 0 && !OverHighWater && (Window == 0 || Unconfirmed < Window);

    /// <summary>
    /// The next owed who-reply may be asked of the node: one at a time, and only while our unsent
    /// bytes are under the mark, so a member that asks faster than it reads costs a buffer, not memory.
    /// </summary>
    public bool MayAskWho => WhoOwed > 0 && !WhoAsked && !OverHighWater;
}
