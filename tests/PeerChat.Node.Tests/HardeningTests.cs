using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>Faults and hostile inputs: the node stays up, bounded and correct.</summary>
public sealed class HardeningTests : PeerChatTestKit
{
    [Fact]
    public async Task Simultaneous_joins_through_different_members_end_with_one_connection_per_pair_and_each_message_once()
    {
        const int trials = 4, size = 6;
        var random = new Random(20261126);
        for (var trial = 0; trial < trials; trial++)
        {
            var nodes = new ChatNodeHandle[size];
            for (var i = 0; i < size; i++)
                nodes[i] = await StartNodeAsync($"t{trial}n{i}", "peerchat.mesh-repair.interval = 200ms");

            // Everyone but the first joins a random earlier node, all at once.
            for (var i = 1; i < size; i++) nodes[i].ConnectTo(nodes[random.Next(i)]);
            // And a few pairs dial each other at the same moment on top.
            for (var k = 0; k < 3; k++)
            {
                var (x, y) = (random.Next(size), random.Next(size));
                if (x == y) continue;
                nodes[x].ConnectTo(nodes[y]);
                nodes[y].ConnectTo(nodes[x]);
            }

            await AwaitMeshAsync(nodes);
            foreach (var node in nodes) await AwaitStatusAsync(node, members: size - 1, connections: size - 1, dialsQueued: 0);

            // Each sends a line and then a closing one: a member's lines come in order over its one
            // connection, so a second copy of the first line would arrive before the closing one.
            foreach (var node in nodes)
            {
                node.Say($"from {node.Name}");
                node.Say($"end {node.Name}");
            }
            foreach (var node in nodes)
                foreach (var other in nodes.Where(o => o != node))
                    await node.ExpectMessagesInOrderAsync(other.Name, [$"from {other.Name}", $"end {other.Name}"]);
            // And nothing more, from anyone (the nodes are checked side by side).
            await Task.WhenAll(nodes.Select(node => node.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(200))));
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_join_is_answered_even_hundreds_in_a_row()
    {
        // Guards the order of Register and the first pull on a new connection: got wrong, about one join in 200 went unread.
        var node = await StartNodeAsync("n");
        for (var i = 0; i < 300; i++)
        {
            await using var raw = await RawPeer.ConnectAsync(node);
            await raw.SendAsync($$"""{"type":"join","name":"r{{i}}","age":"1","zip":"1","port":"{{7000 + i}}"}""");
            Assert.Equal("join-reply", (await raw.ReadFrameAsync(TimeSpan.FromSeconds(5))).GetProperty("type").GetString());
            await raw.SendAsync("""{"type":"leave"}""");
        }
    }

    [Fact]
    public async Task Mesh_repair_joins_a_member_that_a_who_reply_missed()
    {
        var a = await StartNodeAsync("a", "peerchat.mesh-repair.interval = 200ms");
        var c = await StartNodeAsync("c");
        // A hub that answers the first who with nobody and later ones with c.
        var listener = ListenRawPeer();
        a.ConnectTo(listener);
        var hub = await listener.AcceptJoinAsync("hub", age: "1", zip: "1");
        Assert.Equal(RawFrames.Who, await hub.ReadLineAsync());
        await hub.SendAsync(RawFrames.WhoReply());
        await a.ExpectPeerJoinedAsync("hub");

        Assert.Equal(RawFrames.Who, await hub.ReadLineAsync()); // mesh repair asks again
        await hub.SendAsync(RawFrames.WhoReply(("127.0.0.1", c.Port.ToString(CultureInfo.InvariantCulture))));

        await a.ExpectPeerJoinedAsync("c");
        await c.ExpectPeerJoinedAsync("a");
    }

    [Fact]
    public async Task A_who_reply_naming_many_peers_is_dialled_a_few_at_a_time_and_capped_by_max_peers()
    {
        var node = await StartNodeAsync("n", """
            peerchat.limits.max-concurrent-dials = 4
            peerchat.limits.max-peers = 20
            peerchat.timeouts.join-reply = 60s
            peerchat.mesh-repair.enabled = off
            """);
        // Every 127.0.0.x address reaches this one black hole: it accepts and never answers, so a
        // dial ends only when the test closes its socket, and the test decides when each one ends.
        var blackHole = Harness.Own(RawPeerListener.Start("0.0.0.0"));
        await FakeBootstrapAsync(node, Enumerable.Range(2, 200).Select(i => $"127.0.0.{i}:{blackHole.Port}"));

        // 200 listed, room for 19 more peers: the other 181 are one error line at once, naming the limit...
        var summary = await node.ExpectEventAsync<JoinFailed>(f => f.Reason.Contains("max-peers"), timeout: TimeSpan.FromSeconds(15));
        Assert.Equal("181 listed peers", summary.Address);
        // ...and 19 dials, at most 4 at once: each time one ends, exactly one more starts.
        var dialling = new Queue<RawPeer>();
        for (var ended = 0; ended <= 19; ended++)
        {
            var inFlight = Math.Min(4, 19 - ended);
            while (dialling.Count < inFlight) dialling.Enqueue(await blackHole.AcceptAsync());
            await AwaitStatusAsync(node, members: 1, connections: 1 + inFlight, dialsQueued: 19 - ended - inFlight);
            if (ended == 19) break;
            await dialling.Dequeue().DisposeAsync();
            await node.ExpectEventAsync<JoinFailed>(f => f.Reason.Contains("join-reply"));
        }
        Assert.Equal(["boot"], (await node.PeersAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task A_bootstrap_that_answers_garbage_is_an_error_after_the_timeout_and_leaves_no_member()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join-reply = 300ms");
        var liar = ListenRawPeer();
        node.ConnectTo(liar);
        var client = await liar.AcceptAsync();
        await client.SendRawAsync(Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\n{\"type\":\"message\",\"message\":\"hi\"}\n\u0000\u0001\n"));

        var failed = await node.ExpectEventAsync<JoinFailed>();
        Assert.Contains("join-reply", failed.Reason);
        Assert.Empty(await node.PeersAsync());
    }

    [Fact]
    public async Task Connections_past_max_peers_are_closed_at_once()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-peers = 2");
        await JoinRawPeerAsync(node, "one", port: "7001");
        await JoinRawPeerAsync(node, "two", port: "7002");
        await node.ExpectPeerJoinedAsync("two");

        Assert.True(await ClosedAtOnceAsync(node));
        Assert.Equal(2, (await node.PeersAsync()).Count);
    }

    [Fact]
    public async Task Connections_past_max_pending_joins_are_parked_unread_and_get_a_slot_in_arrival_order()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-pending-joins = 2");
        var idle1 = await ConnectRawPeerAsync(node);
        await ConnectRawPeerAsync(node);
        await AwaitAssertAsync(async () =>
            Assert.Equal(2, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Connections), TimeSpan.FromSeconds(5));
        var late = await ConnectRawPeerAsync(node);
        await AwaitAssertAsync(async () =>
            Assert.Equal(1, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Parked), TimeSpan.FromSeconds(5));

        await late.SendAsync(RawFrames.Join("late", port: "7003")); // parked: waits, unread
        await idle1.DisposeAsync(); // a handshake slot frees up
        await late.ExpectFrameAsync("join-reply");
        await node.ExpectPeerJoinedAsync("late");
    }

    [Fact]
    public async Task A_name_of_100000_characters_is_cut_to_the_limit()
    {
        var node = await StartNodeAsync("n");
        var raw = await ConnectRawPeerAsync(node);
        await raw.SendAsync($$"""{"type":"join","name":"{{new string('N', 100_000)}}","age":"1","zip":"1","port":"7001"}""");
        await raw.ExpectFrameAsync("join-reply");

        var joined = await node.ExpectEventAsync<PeerJoined>();
        Assert.Equal(new string('N', node.Settings.MaxNameLength), joined.Peer.Name);
    }

    [Fact]
    public async Task Hostile_frames_never_crash_the_node_and_the_connection_keeps_working()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "hostile");
        await node.ExpectPeerJoinedAsync("hostile");

        await raw.SendAsync(new string('{', 200_000));
        await raw.SendAsync("{\"type\":\"message\",\"message\":" + new string('[', 50_000) + "}");
        await raw.SendRawAsync([.. "{\"type\":\"message\",\"message\":\""u8, 0xC3, 0x28, 0xF0, 0x80, .. "\"}\n"u8]);
        await raw.SendAsync("{\"type\":\"message\",\"message\":\"a\\u0000b\"}");
        await raw.SendAsync("{\"type\":\"message\",\"message\":1e999999}");
        await raw.SendAsync("{\"type\":\"who-reply\",\"peers\":" + new string('[', 1000) + "}");
        await raw.SendAsync("""{"type":"message","message":"alive"}""");

        await node.ExpectMessageAsync("hostile", "a\u0000b");
        await node.ExpectMessageAsync("hostile", "alive");
    }

    /// <summary>Waits until the node's counts are these (its dials and handshakes settle in their own time).</summary>
    private async Task AwaitStatusAsync(ChatNodeHandle node, int members, int connections, int dialsQueued) =>
        await AwaitAssertAsync(async () =>
        {
            var status = await node.Node.Ask<NodeStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal((members, connections, dialsQueued), (status.Members, status.Connections, status.DialsQueued));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(25));

    /// <summary>True when a new connection is closed by the node straight away (sometimes before the connect even returns).</summary>
    private static async Task<bool> ClosedAtOnceAsync(ChatNodeHandle node)
    {
        try
        {
            await using var peer = await RawPeer.ConnectAsync(node);
            return await peer.ClosedByNodeAsync(TimeSpan.FromSeconds(5));
        }
        catch (SocketException) { return true; }
        catch (IOException) { return true; }
        // The kit wraps connect failures; a reset (not a refusal) means the node closed it straight away.
        catch (Xunit.Sdk.XunitException e) when (e.Message.Contains("reset", StringComparison.OrdinalIgnoreCase)) { return true; }
    }

    /// <summary>A raw peer that the node joins; it answers the node's who with <paramref name="listed"/> (HOST:PORT each).</summary>
    private async Task FakeBootstrapAsync(ChatNodeHandle node, IEnumerable<string> listed)
    {
        var listener = ListenRawPeer();
        node.ConnectTo(listener);
        var boot = await listener.AcceptJoinAsync("boot", age: "1", zip: "1");
        await boot.ExpectFrameAsync("who");
        await boot.SendAsync(RawFrames.WhoReply([.. listed.Select(a => { var i = a.LastIndexOf(':'); return (a[..i], a[(i + 1)..]); })]));
    }
}
