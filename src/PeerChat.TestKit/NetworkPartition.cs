using System.Net;
using Akka.Actor;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>
/// A network split between two groups of in-process nodes, made by
/// <see cref="PeerChatHarness.PartitionAsync"/>: every link from a node of <see cref="Side"/> to a
/// node of <see cref="OtherSide"/> is cut, while both groups keep running and keep their own links.
/// </summary>
/// <remarks>
/// A cut drops the connection at once, as a failing network would: each node sees the other side
/// gone as <see cref="LeaveReason.Disconnected"/>. While cut, the two never meet again: a <c>/connect</c>
/// to the other side fails with <c>the link to this peer is cut</c>, a <c>who-reply</c> naming it is not
/// followed, and a join from it is dropped. <see cref="HealAsync"/> lifts the cuts and has each node
/// of <see cref="Side"/> join the first node of <see cref="OtherSide"/>; that join and its <c>who</c>
/// (the protocol's own) bring back every member of the other side.
/// </remarks>
public sealed class NetworkPartition
{
    private readonly WaitLimit _limits;
    private int _healed;

    private NetworkPartition(IReadOnlyList<ChatNodeHandle> side, IReadOnlyList<ChatNodeHandle> otherSide, WaitLimit limits)
    {
        Side = side;
        OtherSide = otherSide;
        _limits = limits;
    }

    public IReadOnlyList<ChatNodeHandle> Side { get; }

    public IReadOnlyList<ChatNodeHandle> OtherSide { get; }

    /// <summary>Whether <see cref="HealAsync"/> has run.</summary>
    public bool IsHealed => Volatile.Read(ref _healed) == 1;

    internal static async Task<NetworkPartition> CutAsync(IReadOnlyList<ChatNodeHandle> side, IReadOnlyList<ChatNodeHandle> otherSide, WaitLimit limits, TimeSpan? timeout)
    {
        if (side.Count == 0 || otherSide.Count == 0)
            throw new ArgumentException("a partition needs at least one node on each side");
        if (side.Intersect(otherSide).FirstOrDefault() is { } both)
            throw new ArgumentException($"{both.Name} cannot be on both sides of a partition");
        var partition = new NetworkPartition(side, otherSide, limits);
        // Each node answers once the member on the other side is gone from its list.
        await partition.TellEachAsync((node, peer) => new CutLink(peer), "cut", timeout);
        return partition;
    }

    /// <summary>
    /// Lifts every cut, then each node of <see cref="Side"/> joins the first node of <see cref="OtherSide"/>
    /// (join, then <c>who</c>, then joins everyone listed). Returns once the cuts are lifted and the joins
    /// started; await the mesh (<see cref="PeerChatHarness.AwaitMeshAsync"/>) to see it whole again.
    /// </summary>
    public async Task HealAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _healed, 1) != 0) throw new InvalidOperationException("this partition is already healed");
        await TellEachAsync((node, peer) => new HealLink(peer), "heal", timeout);
        foreach (var node in Side) node.ConnectTo(OtherSide[0]);
    }

    public override string ToString() =>
        $"partition {string.Join(", ", Side.Select(n => n.Name))} | {string.Join(", ", OtherSide.Select(n => n.Name))}{(IsHealed ? " (healed)" : "")}";

    /// <summary>Sends each node, for each node across, the command <paramref name="make"/> builds, and awaits every answer.</summary>
    private async Task TellEachAsync(Func<ChatNodeHandle, IPEndPoint, object> make, string what, TimeSpan? timeout)
    {
        var limit = _limits.For(timeout);
        var asks = from pair in Side.SelectMany(s => OtherSide.Select(o => (s, o)))
                   from end in new[] { (Node: pair.s, Peer: pair.o), (Node: pair.o, Peer: pair.s) }
                   select AskAsync(end.Node, end.Peer, make, what, limit);
        await Task.WhenAll(asks);
    }

    private static async Task AskAsync(ChatNodeHandle node, ChatNodeHandle peer, Func<ChatNodeHandle, IPEndPoint, object> make, string what, TimeSpan limit)
    {
        try
        {
            await node.Node.Ask<LinkState>(make(node, new IPEndPoint(IPAddress.Parse(peer.Host), peer.Port)), limit);
        }
        catch (AskTimeoutException)
        {
            throw new XunitException($"{node.Name}: no answer within {EventInbox.Seconds(limit)} to {what} its link to {peer.Name}");
        }
    }
}
