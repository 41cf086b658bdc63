using Akka.Actor;
namespace PeerChat.Node.Tests;

/// <summary>The spec's section 5 and the mesh rules, with real nodes over loopback TCP.</summary>
public sealed class MeshTests : NodeTestKit
{
    [Fact]
    public async Task Section_5_flow_join_chat_leave_chat()
    {
        var a = await StartNodeAsync("A");
        var b = await StartNodeAsync("B");
        var c = await StartNodeAsync("C");

        // A joins B.
        a.ConnectTo(b);
        await a.ExpectJoinedAsync("B");
        await b.ExpectJoinedAsync("A");

        // C joins B, asks who, and so joins A too.
        c.ConnectTo(b);
        await c.ExpectJoinedAsync("B");
        await c.ExpectJoinedAsync("A");
        await a.ExpectJoinedAsync("C");
        await b.ExpectJoinedAsync("C");

        // A message reaches everyone.
        a.Say("hello all");
        await b.ExpectMessageAsync("A", "hello all");
        await c.ExpectMessageAsync("A", "hello all");

        // C leaves.
        c.Node.Tell(LeaveNetwork.Instance);
        await c.ExpectAsync<LeftNetwork>();
        Assert.Equal(LeaveReason.Leave, (await a.ExpectLeftAsync("C")).Reason);
        Assert.Equal(LeaveReason.Leave, (await b.ExpectLeftAsync("C")).Reason);

        // The next message reaches the rest, and not C.
        a.Say("just us");
        await b.ExpectMessageAsync("A", "just us");
        await c.Events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
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
        var a = await StartNodeAsync("A");
        var b = await StartNodeAsync("B");
        a.ConnectTo(b);

        var seenByA = (await a.ExpectJoinedAsync("B")).Peer;
        Assert.Equal(new PeerInfo("B", b.Settings.Age, b.Settings.Zip, "127.0.0.1", b.Port), seenByA);
        var seenByB = (await b.ExpectJoinedAsync("A")).Peer;
        Assert.Equal(new PeerInfo("A", a.Settings.Age, a.Settings.Zip, "127.0.0.1", a.Port), seenByB);
    }

    [Fact]
    public async Task Every_member_receives_each_message_exactly_once()
    {
        var nodes = await StartMeshAsync("p", "q", "r", "s");
        for (var i = 0; i < 20; i++) nodes[0].Say($"m{i}");
        foreach (var receiver in nodes[1..])
        {
            for (var i = 0; i < 20; i++) await receiver.ExpectMessageAsync("p", $"m{i}");
            await receiver.Events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    [Fact]
    public async Task Simultaneous_joins_leave_one_connection_per_pair()
    {
        var a = await StartNodeAsync("A");
        var b = await StartNodeAsync("B");

        a.ConnectTo(b);
        b.ConnectTo(a);

        await AwaitMeshAsync([a, b]);
        // Let both duplicate connections finish their handshakes, then check nothing was shown twice.
        a.Say("once");
        await b.ExpectMessageAsync("A", "once");
        await b.Events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Assert.Single(await a.PeersAsync());
        Assert.Single(await b.PeersAsync());
    }

    [Fact]
    public async Task Connecting_to_a_member_again_asks_who_instead_of_opening_a_second_connection()
    {
        var nodes = await StartMeshAsync("x", "y");
        var z = await StartNodeAsync("z");
        z.ConnectTo(nodes[1]);
        await AwaitMeshAsync([.. nodes, z]);
        await z.DrainAsync();

        z.ConnectTo(nodes[1]);
        await z.Events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, (await z.PeersAsync()).Count);
    }

    [Fact]
    public async Task A_member_that_disconnects_without_leave_is_gone_with_reason_disconnected()
    {
        var nodes = await StartMeshAsync("stay", "crash");
        await nodes[1].System.Terminate();
        Assert.Equal(LeaveReason.Disconnected, (await nodes[0].ExpectLeftAsync("crash")).Reason);
        Assert.Empty(await nodes[0].PeersAsync());
    }

    [Fact]
    public async Task Leaving_the_network_keeps_the_node_usable_for_a_new_join()
    {
        var nodes = await StartMeshAsync("a", "b");
        await nodes[0].Node.Ask<NetworkLeft>(LeaveNetwork.Instance, TimeSpan.FromSeconds(5));
        await nodes[1].ExpectLeftAsync("a");

        nodes[0].ConnectTo(nodes[1]);
        await AwaitMeshAsync(nodes);
    }

    [Fact]
    public async Task Connecting_to_its_own_address_is_refused_with_an_error()
    {
        var a = await StartNodeAsync("A");
        a.ConnectTo(a);
        var failed = await a.ExpectAsync<JoinFailed>();
        Assert.Contains("own address", failed.Reason);
        Assert.Empty(await a.PeersAsync());
    }
}
