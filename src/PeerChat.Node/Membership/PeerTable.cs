using System.Collections.Immutable;
using System.Net;
using PeerChat.Protocol;

namespace PeerChat.Node;

/// <summary>
/// Everything the node knows about peers and their sockets, immutable: members, inbound handshakes,
/// parked connections, dials and members in limbo. The node swaps it through the rule functions in
/// <c>PeerTable.Rules.cs</c>, each returning the new table and an <see cref="Outcome{TConn}"/>.
/// <typeparamref name="TConn"/> is the connection actor in the node and a string in tests, so every
/// rule of the protocol profile is tested without an ActorSystem or a socket.
/// </summary>
/// <remarks>
/// Invariant: at most one connection per identity, which is what makes every broadcast reach each
/// peer exactly once. Sockets (members, handshakes, parked, dials) never exceed max-peers.
/// </remarks>
internal sealed partial record PeerTable<TConn> where TConn : class
{
    private ImmutableDictionary<PeerIdentity, Entry<TConn>> ByIdentity { get; init; } = ImmutableDictionary<PeerIdentity, Entry<TConn>>.Empty;
    private ImmutableDictionary<TConn, PeerIdentity> ByConn { get; init; } = ImmutableDictionary<TConn, PeerIdentity>.Empty;

    /// <summary>Inbound connections that hold a handshake slot (waiting for join, or for the node's decision).</summary>
    private ImmutableHashSet<TConn> Handshakes { get; init; } = [];

    /// <summary>Inbound connections accepted past max-pending-joins, oldest first: nothing is read from them yet.</summary>
    private ImmutableList<TConn> ParkedQueue { get; init; } = [];

    /// <summary>Dials under way, by target; the connection is known once the node has opened it.</summary>
    private ImmutableDictionary<IPEndPoint, TConn?> Dials { get; init; } = ImmutableDictionary<IPEndPoint, TConn?>.Empty;

    /// <summary>Dials waiting for one of the max-concurrent-dials places.</summary>
    private ImmutableList<IPEndPoint> DialQueue { get; init; } = [];

    /// <summary>Members whose connection dropped while our dial to them runs, by that dial: the dial decides whether they left.</summary>
    private ImmutableDictionary<TConn, Entry<TConn>> Limbo { get; init; } = ImmutableDictionary<TConn, Entry<TConn>>.Empty;

    private ImmutableHashSet<IPAddress> OwnAddresses { get; init; } = [];
    private int OwnPort { get; init; }
    private TableLimits Limits { get; init; } = new(1, 1, 1);

    /// <summary>An empty table for a node listening on <paramref name="listenHost"/>:<paramref name="ownPort"/>.</summary>
    public static PeerTable<TConn> Empty(TableLimits limits, IPAddress listenHost, int ownPort) => new()
    {
        Limits = limits,
        OwnPort = ownPort,
        OwnAddresses = listenHost.Equals(IPAddress.Any) || listenHost.Equals(IPAddress.IPv6Any) ? [] : [Addresses.Normalize(listenHost)],
    };

    private Entry<TConn>[]? _members;

    private PeerTable() { }

    // `with` copies every field: this one is derived from ByIdentity and must be built anew.
    private PeerTable(PeerTable<TConn> original)
    {
        ByIdentity = original.ByIdentity;
        ByConn = original.ByConn;
        Handshakes = original.Handshakes;
        ParkedQueue = original.ParkedQueue;
        Dials = original.Dials;
        DialQueue = original.DialQueue;
        Limbo = original.Limbo;
        OwnAddresses = original.OwnAddresses;
        OwnPort = original.OwnPort;
        Limits = original.Limits;
    }

    /// <summary>Every member; an array built once per table, since broadcasts walk it for every line.</summary>
    public IReadOnlyList<Entry<TConn>> Members => _members ??= ByIdentity.Values.ToArray();

    public int MemberCount => ByIdentity.Count;

    /// <summary>Open sockets the table accounts for: members, handshakes, parked connections and dials under way.</summary>
    public int Sockets => ByIdentity.Count + Handshakes.Count + ParkedQueue.Count + Dials.Count;

    public int ParkedCount => ParkedQueue.Count;

    public int HandshakeCount => Handshakes.Count;

    public int QueuedDials => DialQueue.Count;

    public Entry<TConn>? ByConnection(TConn conn) =>
        ByConn.TryGetValue(conn, out var id) ? ByIdentity[id] : null;

    public Entry<TConn>? ByIdentityOf(PeerIdentity identity) => ByIdentity.GetValueOrDefault(identity);

    /// <summary>The who-reply for <paramref name="asker"/>: every other member that advertised a port it can be reached on.</summary>
    public IReadOnlyList<PeerAddress> WhoFor(TConn asker)
    {
        var skip = ByConn.TryGetValue(asker, out var id) ? id : default(PeerIdentity?);
        var list = new List<PeerAddress>(ByIdentity.Count);
        foreach (var (identity, _) in ByIdentity)
            if (identity != skip && identity.Advertised) list.Add(new PeerAddress(identity.Ip.ToString(), identity.Port));
        return list;
    }

    /// <summary>Every member's profile, sorted by name.</summary>
    public IReadOnlyList<PeerInfo> List() =>
        ByIdentity.Values.Select(m => m.Info).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();

    public bool IsSelf(IPAddress ip, int port) =>
        port == OwnPort && (IPAddress.IsLoopback(ip) || OwnAddresses.Contains(Addresses.Normalize(ip)));

    private TConn? DialConnTo(PeerIdentity identity)
    {
        if (!identity.Advertised) return null;
        foreach (var (target, conn) in Dials)
            if (target.Port == identity.Port && Addresses.Normalize(target.Address).Equals(identity.Ip)) return conn;
        return null;
    }

    private IPEndPoint? DialTargetOf(TConn conn)
    {
        foreach (var (target, c) in Dials)
            if (c is not null && c.Equals(conn)) return target;
        return null;
    }
}
