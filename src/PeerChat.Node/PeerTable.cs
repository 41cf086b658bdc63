using System.Collections.Immutable;
using Akka.Actor;
using PeerChat.Protocol;

namespace PeerChat.Node;

/// <summary>A joined peer: what it told us, who it is, and the one connection that carries it (opened by us when <paramref name="Outbound"/>).</summary>
public sealed record Member(PeerInfo Info, PeerIdentity Identity, IActorRef Connection, bool Outbound);

/// <summary>
/// The node's registry of joined peers. Immutable: the node swaps it through these pure functions,
/// so its rules are tested without actors. At most one connection per identity: that invariant is
/// what makes every broadcast reach each peer exactly once.
/// </summary>
public sealed class PeerTable
{
    public static readonly PeerTable Empty = new(
        ImmutableDictionary<PeerIdentity, Member>.Empty,
        ImmutableDictionary<IActorRef, PeerIdentity>.Empty);

    private readonly ImmutableDictionary<PeerIdentity, Member> _byIdentity;
    private readonly ImmutableDictionary<IActorRef, PeerIdentity> _byConnection;

    private PeerTable(ImmutableDictionary<PeerIdentity, Member> byIdentity, ImmutableDictionary<IActorRef, PeerIdentity> byConnection)
    {
        _byIdentity = byIdentity;
        _byConnection = byConnection;
    }

    public int Count => _byIdentity.Count;

    private Member[]? _members;

    /// <summary>Every member; an array built once per table, since broadcasts walk it for every line.</summary>
    public IReadOnlyList<Member> Members => _members ??= _byIdentity.Values.ToArray();

    public bool Contains(PeerIdentity identity) => _byIdentity.ContainsKey(identity);

    public Member? Find(PeerIdentity identity) => _byIdentity.GetValueOrDefault(identity);

    public Member? FindByConnection(IActorRef connection) =>
        _byConnection.TryGetValue(connection, out var id) ? _byIdentity[id] : null;

    /// <summary>Adds a member, or replaces the connection of the same identity (a duplicate resolved in its favour).</summary>
    public PeerTable Join(Member member)
    {
        var byConnection = _byConnection;
        if (_byIdentity.TryGetValue(member.Identity, out var old)) byConnection = byConnection.Remove(old.Connection);
        return new PeerTable(_byIdentity.SetItem(member.Identity, member), byConnection.SetItem(member.Connection, member.Identity));
    }

    /// <summary>Removes the member carried by <paramref name="connection"/>; the table is unchanged when it carries none.</summary>
    public PeerTable Leave(IActorRef connection, out Member? removed)
    {
        removed = FindByConnection(connection);
        return removed is null
            ? this
            : new PeerTable(_byIdentity.Remove(removed.Identity), _byConnection.Remove(connection));
    }

    /// <summary>The who-reply for <paramref name="asker"/>: every other member that advertised a port it can be reached on.</summary>
    public IReadOnlyList<PeerAddress> WhoFor(PeerIdentity asker) =>
        _byIdentity.Values
            .Where(m => m.Identity != asker && m.Identity.Advertised)
            .Select(m => new PeerAddress(m.Identity.Ip.ToString(), m.Identity.Port))
            .ToArray();

    public IReadOnlyList<PeerInfo> List() => _byIdentity.Values.Select(m => m.Info).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();
}
