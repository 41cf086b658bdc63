using System.Net;

namespace PeerChat.Node;

/// <summary>The addresses a renamed node joins again, and how many members it cannot (they advertised no listen port).</summary>
internal sealed record Rejoin(IReadOnlyList<IPEndPoint> Targets, int Unreachable);

// The rule of a rename (/nick): the protocol has no rename, so the node leaves and joins again.
internal sealed partial record PeerTable<TConn>
{
    /// <summary>
    /// This node takes a new name: every connection says leave and closes, as in <see cref="LeaveAll"/>
    /// (without its <see cref="LeftNetwork"/>: the node is not leaving the network), and every member
    /// with a listen port, and every dial under way, is to be joined again under the new name.
    /// </summary>
    public (PeerTable<TConn>, Outcome<TConn>, Rejoin) LeaveToRejoin()
    {
        var targets = ByIdentity.Keys.Where(i => i.Advertised).Select(i => new IPEndPoint(i.Ip, i.Port))
            .Concat(Dials.Keys).Concat(DialQueue).Distinct().ToArray();
        var unreachable = ByIdentity.Keys.Count(i => !i.Advertised);
        var (table, outcome) = LeaveAll();
        return (table, outcome with { Events = [] }, new Rejoin(targets, unreachable));
    }

    /// <summary>Whether a dial to any of <paramref name="targets"/> is under way or waiting for a place.</summary>
    public bool Dialling(IEnumerable<IPEndPoint> targets) => targets.Any(t => Dials.ContainsKey(t) || DialQueue.Contains(t));
}
