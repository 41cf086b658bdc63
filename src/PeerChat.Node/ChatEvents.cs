using Akka.Actor;

namespace PeerChat.Node;

/// <summary>
/// Everything a front end learns about its node, published on the ActorSystem's EventStream.
/// Subscribe to <see cref="ChatEvent"/> for all of them; front ends never read actor state.
/// </summary>
public abstract record ChatEvent;

/// <summary>The node is accepting connections on <paramref name="Host"/>:<paramref name="Port"/> (the real port when 0 was asked).</summary>
public sealed record Listening(string Host, int Port) : ChatEvent;

/// <summary>The node could not listen; it accepts nothing and a front end should exit.</summary>
public sealed record ListenFailed(string Host, int Port, string Reason) : ChatEvent;

/// <summary>A join completed, in either direction.</summary>
public sealed record PeerJoined(PeerInfo Peer) : ChatEvent;

/// <summary>A member is gone, for <paramref name="Reason"/>.</summary>
public sealed record PeerLeft(PeerInfo Peer, LeaveReason Reason) : ChatEvent;

public enum LeaveReason
{
    /// <summary>It sent <c>leave</c>.</summary>
    Leave,
    /// <summary>Its connection closed or reset without <c>leave</c>.</summary>
    Disconnected,
    /// <summary>It stopped reading: nothing written to it made progress within the stall timeout.</summary>
    Stalled,
    /// <summary>Another peer joined from its address (same IP and listen port) under another name: the old one is gone.</summary>
    Replaced,
}

/// <summary>
/// Chat lines from one member, in the order it sent them: the lines of one read from its
/// connection. The node publishes chat only this way, so a flood costs one event per read, not
/// one per line (see docs/performance.md).
/// </summary>
/// <remarks>
/// A front end started through <see cref="NodeSettings.Paced"/> calls <see cref="Confirm"/> once it has
/// shown (or written) a batch: until it does, the connection reads at most
/// <c>peerchat.limits.inbound-window</c> batches ahead of it, and TCP slows that one peer down.
/// </remarks>
public sealed record MessagesReceived(PeerInfo From, IReadOnlyList<string> Texts) : ChatEvent
{
    internal IActorRef? ConfirmTo { get; init; }
    internal long SeqNr { get; init; }

    /// <summary>These lines are shown (or written): the connection may read more of this peer. Harmless twice or out of order.</summary>
    public void Confirm() => ConfirmTo?.Tell(new ConnectionProtocol.Confirmed(SeqNr));

}

/// <summary>Our chat line went out to <paramref name="Recipients"/> members.</summary>
public sealed record MessageSent(string Text, int Recipients) : ChatEvent;

/// <summary>A join was asked for an address that is already a member: nothing to do but ask it who else is there.</summary>
public sealed record AlreadyMember(PeerInfo Peer) : ChatEvent;

/// <summary>Joining <paramref name="Address"/> (or a step of it) failed; the node carries on.</summary>
public sealed record JoinFailed(string Address, string Reason) : ChatEvent;

/// <summary>This node left every member (<c>/leave</c> or quitting).</summary>
public sealed record LeftNetwork(int Peers) : ChatEvent;

/// <summary>
/// This node is now called <paramref name="NewName"/> (<see cref="ChangeName"/>): it said leave to every
/// member and joins <paramref name="Rejoining"/> of them again under the new name, each a
/// <see cref="PeerJoined"/> when it is back (until then it is no member). <paramref name="Unreachable"/>
/// members advertised no listen port, so they cannot be joined again.
/// </summary>
public sealed record NameChanged(string OldName, string NewName, int Rejoining, int Unreachable) : ChatEvent;

public static class LeaveReasonText
{
    public static string ToWire(this LeaveReason reason) => reason switch
    {
        LeaveReason.Leave => "leave",
        LeaveReason.Disconnected => "disconnected",
        LeaveReason.Stalled => "stalled",
        LeaveReason.Replaced => "replaced",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
