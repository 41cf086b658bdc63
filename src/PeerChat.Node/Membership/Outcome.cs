using System.Net;

namespace PeerChat.Node;

/// <summary>A joined peer: what it told us, who it is, and the one connection that carries it (opened by us when <paramref name="Outbound"/>).</summary>
internal sealed record Entry<TConn>(PeerInfo Info, PeerIdentity Identity, TConn Conn, bool Outbound) where TConn : class;

/// <summary>A connection whose handshake completed: the peer's profile and identity, and ours as seen on that socket.</summary>
internal sealed record Candidate<TConn>(TConn Conn, PeerInfo Info, PeerIdentity Peer, PeerIdentity Self, bool Outbound) where TConn : class;

/// <summary>The limits the table enforces, from <c>peerchat.limits</c>.</summary>
internal sealed record TableLimits(int MaxPeers, int MaxPendingJoins, int MaxConcurrentDials)
{
    public static TableLimits From(NodeSettings s) => new(s.MaxPeers, s.MaxPendingJoins, s.MaxConcurrentDials);
}

/// <summary>What the table decided. Read by tests as the rule's name; the node acts on the fields below.</summary>
internal enum Verdict
{
    // Accept
    Handshake, Parked, Refused,
    // Dial
    Dialling, Queued, AlreadyMember, AlreadyDialling, IsSelf, Full,
    // Admit
    Joined, Resumed, Reconnected, Replaced, KeptExisting, KeptNew, Rejected,
    // Gone
    Left, Suspended, NotMember,
    // LeaveAll
    LeftAll,
}

/// <summary>
/// A decision of <see cref="PeerTable{TConn}"/> and everything it asks of the node, which applies it
/// in this order: close <see cref="Close"/> quietly, retire <see cref="Retire"/>, publish <see cref="Events"/>, admit
/// <see cref="Admit"/> (after its PeerJoined, so its messages never overtake its arrival), give
/// <see cref="StartHandshake"/> their slot, say leave to <see cref="SayLeave"/>, open <see cref="Dial"/>.
/// </summary>
internal sealed record Outcome<TConn>(Verdict Verdict) where TConn : class
{
    public IReadOnlyList<TConn> Close { get; init; } = [];
    /// <summary>The duplicate of a pair's kept connection: closed quietly, but only once the peer has closed its side.</summary>
    public IReadOnlyList<TConn> Retire { get; init; } = [];
    public IReadOnlyList<ChatEvent> Events { get; init; } = [];
    public IReadOnlyList<TConn> Admit { get; init; } = [];
    public IReadOnlyList<TConn> StartHandshake { get; init; } = [];
    public IReadOnlyList<TConn> SayLeave { get; init; } = [];
    public IReadOnlyList<IPEndPoint> Dial { get; init; } = [];

    /// <summary>The member the decision is about, when there is one (the one kept, for a duplicate).</summary>
    public Entry<TConn>? Member { get; init; }

    /// <summary>The dial this connection was for, now over (joined or not).</summary>
    public IPEndPoint? EndedDial { get; init; }

    /// <summary>Two decisions taken in one step (a departure that also frees a slot), applied as one.</summary>
    public Outcome<TConn> And(Outcome<TConn> other) => this with
    {
        Close = [.. Close, .. other.Close],
        Retire = [.. Retire, .. other.Retire],
        Events = [.. Events, .. other.Events],
        Admit = [.. Admit, .. other.Admit],
        StartHandshake = [.. StartHandshake, .. other.StartHandshake],
        SayLeave = [.. SayLeave, .. other.SayLeave],
        Dial = [.. Dial, .. other.Dial],
        Member = Member ?? other.Member,
        EndedDial = EndedDial ?? other.EndedDial,
    };
}
