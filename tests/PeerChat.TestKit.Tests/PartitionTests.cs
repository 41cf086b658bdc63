using PeerChat.Node;

namespace PeerChat.Testing.Tests;

/// <summary>Cutting and healing links between running in-process nodes, over real sockets.</summary>
public sealed class PartitionTests : PeerChatTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_cut_link_drops_both_ends_as_disconnected_and_keeps_their_other_members()
    {
        var (a, b, c) = await StartMeshAsync("a", "b", "c");

        await CutLinkAsync(a, b);

        await a.ExpectPeerLeftAsync("b", LeaveReason.Disconnected);
        await b.ExpectPeerLeftAsync("a", LeaveReason.Disconnected);
        Assert.Equal(["c"], (await a.PeersAsync()).Select(p => p.Name));
        Assert.Equal(["c"], (await b.PeersAsync()).Select(p => p.Name));
        a.Say("over the cut?");
        await c.ExpectMessageAsync("a", "over the cut?");
        await b.ExpectNoMessageAsync(Quiet);
    }

    [Fact]
    public async Task While_cut_a_connect_to_the_other_side_fails_saying_so()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        await CutLinkAsync(a, b);

        a.ConnectTo(b);
        b.ConnectTo(a);

        Assert.Equal($"cannot join 127.0.0.1:{b.Port}: the link to this peer is cut", await a.ExpectErrorAsync("cut"));
        Assert.Equal($"cannot join 127.0.0.1:{a.Port}: the link to this peer is cut", await b.ExpectErrorAsync("cut"));
    }

    [Fact]
    public async Task While_cut_a_join_from_the_other_sides_address_is_dropped()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        await CutLinkAsync(a, b);
        var posingAsB = await ConnectRawPeerAsync(a);

        await posingAsB.SendAsync(RawFrames.Join("b", b.Settings.Age, b.Settings.Zip, b.Port.ToString(CultureInfo.InvariantCulture)));

        await posingAsB.ExpectClosedByNodeAsync(); // its join-reply may be on the way already: the connection answers before the node decides
        Assert.Empty(await a.PeersAsync());
    }

    [Fact]
    public async Task While_cut_a_who_reply_naming_the_other_side_is_not_followed()
    {
        var (a, b, c) = await StartMeshAsync("a", "b", "c");
        await CutLinkAsync(a, b);
        a.DiscardEvents(); // the joins of the mesh's start, and b leaving
        var listener = ListenRawPeer();

        // c's who-reply lists b; the raw peer's join is what a dials next, so its arrival proves the list was read.
        await JoinRawPeerAsync(c, "raw", port: listener.Port.ToString(CultureInfo.InvariantCulture));
        a.ConnectTo(c);
        await listener.AcceptJoinAsync("raw");

        await a.ExpectEventAsync<AlreadyMember>(m => m.Peer.Name == "c");
        await a.ExpectPeerJoinedAsync("raw");
        await a.ExpectNoEventAsync(Quiet);
        Assert.Equal(["c", "raw"], (await a.PeersAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task Healing_a_cut_link_joins_the_two_again()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        var cut = await CutLinkAsync(a, b);
        a.DiscardEvents(); // the joins of the mesh's start, and the cut
        b.DiscardEvents();

        await cut.HealAsync();

        await a.ExpectPeerJoinedAsync("b");
        await b.ExpectPeerJoinedAsync("a");
        b.Say("back");
        await a.ExpectMessageAsync("b", "back");
    }

    [Fact]
    public async Task A_partition_refuses_a_node_on_both_sides()
    {
        var (a, b) = await StartMeshAsync("a", "b");

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => PartitionAsync([a, b], [b]));

        Assert.Equal("b cannot be on both sides of a partition", failure.Message);
    }
}
