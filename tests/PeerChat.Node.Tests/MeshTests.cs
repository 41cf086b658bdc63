using System.Globalization;
using System.Text;
using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>The spec's section 5 and the mesh rules, with real nodes over loopback TCP.</summary>
public sealed class MeshTests : PeerChatTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Section_5_flow_join_chat_leave_chat()
    {
        var (a, b, c) = (await StartNodeAsync("A"), await StartNodeAsync("B"), await StartNodeAsync("C"));

        // A joins B.
        a.ConnectTo(b);
        await a.ExpectPeerJoinedAsync("B");
        await b.ExpectPeerJoinedAsync("A");

        // C joins B, asks who, and so joins A too.
        c.ConnectTo(b);
        await c.ExpectPeerJoinedAsync("B");
        await c.ExpectPeerJoinedAsync("A");
        await a.ExpectPeerJoinedAsync("C");
        await b.ExpectPeerJoinedAsync("C");

        // A message reaches everyone.
        a.Say("hello all");
        await b.ExpectMessageAsync("A", "hello all");
        await c.ExpectMessageAsync("A", "hello all");

        // C leaves.
        await c.LeaveAsync();
        await c.ExpectEventAsync<LeftNetwork>();
        await a.ExpectPeerLeftAsync("C", LeaveReason.Leave);
        await b.ExpectPeerLeftAsync("C", LeaveReason.Leave);

        // The next message reaches the rest, and not C.
        a.Say("just us");
        await b.ExpectMessageAsync("A", "just us");
        await c.ExpectNoEventAsync(Quiet);
    }

    [Fact]
    public async Task Joining_through_any_member_completes_the_full_mesh()
    {
        var nodes = await StartMeshAsync("n0", "n1", "n2", "n3", "n4");
        var late = await StartNodeAsync("late");
        late.ConnectTo(nodes[3]);
        await AwaitMeshAsync([.. nodes, late]);
    }

    [Fact]
    public async Task Peer_joined_carries_profile_ip_and_listen_port()
    {
        var (a, b) = (await StartNodeAsync("A"), await StartNodeAsync("B"));
        a.ConnectTo(b);

        Assert.Equal(new PeerInfo("B", b.Settings.Age, b.Settings.Zip, "127.0.0.1", b.Port), (await a.ExpectPeerJoinedAsync("B")).Peer);
        Assert.Equal(new PeerInfo("A", a.Settings.Age, a.Settings.Zip, "127.0.0.1", a.Port), (await b.ExpectPeerJoinedAsync("A")).Peer);
    }

    [Fact]
    public async Task Every_member_receives_each_message_exactly_once()
    {
        var nodes = await StartMeshAsync("p", "q", "r", "s");
        var lines = Enumerable.Range(0, 20).Select(i => $"m{i}").ToArray();
        foreach (var line in lines) nodes[0].Say(line);
        foreach (var receiver in nodes[1..])
        {
            await receiver.ExpectMessagesInOrderAsync("p", lines);
            await receiver.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    [Fact]
    public async Task Simultaneous_joins_leave_one_connection_per_pair()
    {
        var (a, b) = (await StartNodeAsync("A"), await StartNodeAsync("B"));

        a.ConnectTo(b);
        b.ConnectTo(a);

        await AwaitMeshAsync([a, b]);
        // Both ends settle on one connection: no duplicate left open on either side...
        foreach (var node in new[] { a, b })
            await AwaitAssertAsync(async () =>
                Assert.Equal((1, 1), await node.Node.Ask<NodeStatus>(GetStatus.Instance) is var s ? (s.Members, s.Connections) : default),
                TimeSpan.FromSeconds(10));
        // ...and a line goes once: a copy of "once" would come before "end".
        a.Say("once");
        a.Say("end");
        await b.ExpectMessagesInOrderAsync("A", ["once", "end"]);
        Assert.Single(await a.PeersAsync());
        Assert.Single(await b.PeersAsync());
    }

    [Fact]
    public async Task A_line_the_peer_sent_on_the_duplicate_connection_that_loses_is_still_delivered()
    {
        // A peer that settled a simultaneous join in the other order has already chatted on the
        // connection this node closes as the duplicate: what it sent there must still arrive.
        var node = await StartNodeAsync("n");
        var listener = ListenRawPeer();
        var port = listener.Port.ToString(CultureInfo.InvariantCulture);
        var joinAndLine = Encoding.UTF8.GetBytes(RawFrames.Join("r", port: port) + "\n" + RawFrames.Message("sent before r chose") + "\n");
        var replyAndLine = Encoding.UTF8.GetBytes(RawFrames.JoinReply("r", port: port) + "\n" + RawFrames.Message("sent before r chose") + "\n");

        // Both connections have the same addresses, so the ports decide: the one opened from the
        // smaller port is kept. The kept one joins first; the loser's handshake then carries the line.
        node.ConnectTo(listener);
        var dialled = await listener.AcceptAsync();
        await dialled.ExpectFrameAsync("join");
        RawPeer kept;
        if (node.Port < listener.Port)
        {
            kept = dialled;
            await kept.SendAsync(RawFrames.JoinReply("r", port: port));
            await node.ExpectPeerJoinedAsync("r");
            var loser = await ConnectRawPeerAsync(node);
            await loser.SendRawAsync(joinAndLine);
        }
        else
        {
            kept = await ConnectRawPeerAsync(node);
            await kept.SendJoinAsync("r", port: port);
            await node.ExpectPeerJoinedAsync("r");
            await dialled.SendRawAsync(replyAndLine);
        }
        // The node's /connect asks the member who, on the kept connection.
        await kept.ExpectFrameAsync("who");
        await kept.SendAsync(RawFrames.WhoReply());

        await node.ExpectMessageAsync("r", "sent before r chose");
        await node.ExpectNoEventAsync(Quiet); // settled quietly: no departure, no second arrival
        Assert.Equal(["r"], (await node.PeersAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task Connecting_to_a_member_again_says_so_at_once_and_opens_no_second_connection()
    {
        var (x, y) = await StartMeshAsync("x", "y");
        var z = await StartNodeAsync("z");
        z.ConnectTo(y);
        await AwaitMeshAsync([x, y, z]);
        await z.ExpectPeerJoinedAsync("x");
        await z.ExpectPeerJoinedAsync("y");

        z.ConnectTo(y);
        Assert.Equal("y", (await z.ExpectEventAsync<AlreadyMember>()).Peer.Name);
        await z.ExpectNoEventAsync(Quiet);
        Assert.Equal(2, (await z.PeersAsync()).Count);
    }

    [Fact]
    public async Task A_member_that_disconnects_without_leave_is_gone_with_reason_disconnected()
    {
        var (stay, crash) = await StartMeshAsync("stay", "crash");
        crash.Kill();
        await stay.ExpectPeerLeftAsync("crash", LeaveReason.Disconnected);
        Assert.Empty(await stay.PeersAsync());
    }

    [Fact]
    public async Task Leaving_the_network_keeps_the_node_usable_for_a_new_join()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        await a.LeaveAsync();
        await b.ExpectPeerLeftAsync("a");

        a.ConnectTo(b);
        await AwaitMeshAsync([a, b]);
    }

    [Fact]
    public async Task Connecting_to_its_own_address_is_refused_with_an_error()
    {
        var a = await StartNodeAsync("A");
        a.ConnectTo(a);
        var failed = await a.ExpectEventAsync<JoinFailed>();
        Assert.Contains("own address", failed.Reason);
        Assert.Empty(await a.PeersAsync());
    }
}
