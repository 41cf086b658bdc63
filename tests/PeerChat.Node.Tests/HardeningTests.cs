using PeerChat.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;

namespace PeerChat.Node.Tests;

/// <summary>Faults and hostile inputs: the node stays up, bounded and correct.</summary>
public sealed class HardeningTests : NodeTestKit
{
    [Fact]
    public async Task Simultaneous_joins_through_different_members_end_with_one_connection_per_pair_and_each_message_once()
    {
        const int trials = 4, size = 6;
        var random = new Random(20261126);
        for (var trial = 0; trial < trials; trial++)
        {
            var nodes = new TestNode[size];
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
            foreach (var node in nodes)
                await AwaitAssertAsync(async () =>
                {
                    var status = await node.Node.Ask<NodeStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5));
                    Assert.Equal((size - 1, size - 1), (status.Members, status.Connections));
                }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

            foreach (var node in nodes) await node.DrainAsync();
            foreach (var node in nodes) node.Say($"from {node.Name}");
            foreach (var node in nodes)
            {
                var heard = await node.ReceiveMessagesAsync(size - 1);
                Assert.Equal(
                    nodes.Where(o => o != node).Select(o => $"{o.Name}: from {o.Name}").Order(),
                    heard.Select(m => $"{m.From.Name}: {m.Text}").Order());
                await node.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(200));
            }
            foreach (var node in nodes) await node.System.Terminate();
        }
    }

    [Fact]
    public async Task Every_join_is_answered_even_hundreds_in_a_row()
    {
        // Guards the order of Register and the first pull on a new connection: got wrong, about one join in 200 went unread.
        var node = await StartNodeAsync("n");
        for (var i = 0; i < 300; i++)
        {
            await using var raw = await RawPeer.ConnectAsync(node.Port);
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
        using var hub = new TcpListener(IPAddress.Loopback, 0);
        hub.Start();
        var hubPort = ((IPEndPoint)hub.LocalEndpoint).Port;
        a.ConnectTo(hubPort);
        using var client = await hub.AcceptTcpClientAsync();
        var reader = new StreamReader(client.GetStream());
        var stream = client.GetStream();
        await reader.ReadLineAsync(); // join
        await stream.WriteAsync(Encoding.UTF8.GetBytes($$"""{"type":"join-reply","name":"hub","age":"1","zip":"1","port":"{{hubPort}}"}""" + "\n"));
        await reader.ReadLineAsync(); // who
        await stream.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"who-reply","peers":[]}""" + "\n"));
        await a.ExpectJoinedAsync("hub");

        Assert.Equal("""{"type":"who"}""", await reader.ReadLineAsync()); // mesh repair asks again
        await stream.WriteAsync(Encoding.UTF8.GetBytes($$"""{"type":"who-reply","peers":[{"ip":"127.0.0.1","port":"{{c.Port}}"}]}""" + "\n"));

        await a.ExpectJoinedAsync("c");
        await c.ExpectJoinedAsync("a");
    }

    [Fact]
    public async Task A_who_reply_naming_many_peers_is_dialled_a_few_at_a_time_and_capped_by_max_peers()
    {
        var node = await StartNodeAsync("n", """
            peerchat.limits.max-concurrent-dials = 4
            peerchat.limits.max-peers = 20
            peerchat.timeouts.join-reply = 300ms
            peerchat.mesh-repair.enabled = off
            """);
        // Every 127.0.0.x address reaches this one black hole: it accepts and never answers.
        using var blackHole = new TcpListener(IPAddress.Any, 0);
        blackHole.Start();
        var holePort = ((IPEndPoint)blackHole.LocalEndpoint).Port;
        var acceptedAt = new System.Collections.Concurrent.ConcurrentQueue<DateTime>();
        var sockets = new System.Collections.Concurrent.ConcurrentBag<Socket>();
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await blackHole.AcceptSocketAsync(stop.Token);
                acceptedAt.Enqueue(DateTime.UtcNow);
                sockets.Add(socket);
            }
        });

        await using var bootstrap = await FakeBootstrapAsync(node, Enumerable.Range(2, 200).Select(i => $"127.0.0.{i}:{holePort}"));

        // 200 listed, room for 19 more peers: the other 181 are one error line at once, naming the limit...
        var summary = await node.ExpectAsync<JoinFailed>(f => f.Reason.Contains("max-peers"), within: TimeSpan.FromSeconds(15));
        Assert.Equal("181 listed peers", summary.Address);
        // ...and 19 dials, each failing after its timeout, at most 4 at once.
        for (var i = 0; i < 19; i++) await node.ExpectAsync<JoinFailed>(f => f.Reason.Contains("join-reply"), within: TimeSpan.FromSeconds(15));
        await AwaitAssertAsync(async () =>
            Assert.Equal((1, 1, 0), await node.Node.Ask<NodeStatus>(GetStatus.Instance) is var s ? (s.Members, s.Connections, s.DialsQueued) : default),
            TimeSpan.FromSeconds(5));
        // No dial starts before an earlier one ends (each ends by its 300 ms timeout): at most 4 in the first window.
        var first = acceptedAt.Min();
        Assert.InRange(acceptedAt.Count(t => t - first < TimeSpan.FromMilliseconds(250)), 1, 4);
        Assert.Equal(19, acceptedAt.Count);
        foreach (var socket in sockets) socket.Dispose();
        Assert.Equal(1, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Members);
        stop.Cancel();
    }

    [Fact]
    public async Task A_bootstrap_that_answers_garbage_is_an_error_after_the_timeout_and_leaves_no_member()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join-reply = 300ms");
        using var liar = new TcpListener(IPAddress.Loopback, 0);
        liar.Start();
        node.ConnectTo(((IPEndPoint)liar.LocalEndpoint).Port);
        using var client = await liar.AcceptTcpClientAsync();
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\n{\"type\":\"message\",\"message\":\"hi\"}\n\u0000\u0001\n"));

        var failed = await node.ExpectAsync<JoinFailed>();
        Assert.Contains("join-reply", failed.Reason);
        Assert.Empty(await node.PeersAsync());
    }

    [Fact]
    public async Task Connections_past_max_peers_are_closed_at_once()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-peers = 2");
        await using var one = await RawPeer.JoinAsync(node.Port, "one", port: "7001");
        await using var two = await RawPeer.JoinAsync(node.Port, "two", port: "7002");
        await node.ExpectJoinedAsync("two");

        Assert.True(await ClosedAtOnceAsync(node.Port));
        Assert.Equal(2, (await node.PeersAsync()).Count);
    }

    [Fact]
    public async Task Connections_past_max_pending_joins_are_parked_unread_and_get_a_slot_in_arrival_order()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-pending-joins = 2");
        var idle1 = await RawPeer.ConnectAsync(node.Port);
        await using var idle2 = await RawPeer.ConnectAsync(node.Port);
        await AwaitAssertAsync(async () =>
            Assert.Equal(2, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Connections), TimeSpan.FromSeconds(5));
        await using var late = await RawPeer.ConnectAsync(node.Port);
        await AwaitAssertAsync(async () =>
            Assert.Equal(1, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Parked), TimeSpan.FromSeconds(5));

        await late.SendAsync(RawFrames.Join("late", port: "7003")); // parked: waits, unread
        await idle1.DisposeAsync(); // a handshake slot frees up
        await late.ExpectFrameAsync("join-reply");
        await node.ExpectJoinedAsync("late");
    }

    [Fact]
    public async Task A_name_of_100000_characters_is_cut_to_the_limit()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.ConnectAsync(node.Port);
        await raw.SendAsync($$"""{"type":"join","name":"{{new string('N', 100_000)}}","age":"1","zip":"1","port":"7001"}""");
        await raw.ExpectFrameAsync("join-reply");

        var joined = await node.ExpectAsync<PeerJoined>();
        Assert.Equal(new string('N', node.Settings.MaxNameLength), joined.Peer.Name);
    }

    [Fact]
    public async Task Hostile_frames_never_crash_the_node_and_the_connection_keeps_working()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "hostile");
        await node.ExpectJoinedAsync("hostile");

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

    /// <summary>True when a new connection is closed by the node straight away (sometimes before the connect even returns).</summary>
    private static async Task<bool> ClosedAtOnceAsync(int port)
    {
        try
        {
            await using var peer = await RawPeer.ConnectAsync(port);
            return await peer.ClosedByNodeAsync(TimeSpan.FromSeconds(5));
        }
        catch (SocketException) { return true; }
        catch (IOException) { return true; }
        // The kit wraps connect failures; a reset (not a refusal) means the node closed it straight away.
        catch (Xunit.Sdk.XunitException e) when (e.Message.Contains("reset", StringComparison.OrdinalIgnoreCase)) { return true; }
    }

    private static async Task<RawPeer> FakeBootstrapAsync(TestNode node, IEnumerable<string> listed)
    {
        // A raw peer that the node joins; it answers who with the given addresses.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        node.ConnectTo(port);
        var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        await reader.ReadLineAsync();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($$"""{"type":"join-reply","name":"boot","age":"1","zip":"1","port":"{{port}}"}""" + "\n"));
        await reader.ReadLineAsync();
        var peers = string.Join(",", listed.Select(a => { var i = a.LastIndexOf(':'); return $$"""{"ip":"{{a[..i]}}","port":"{{a[(i + 1)..]}}"}"""; }));
        await stream.WriteAsync(Encoding.UTF8.GetBytes($$"""{"type":"who-reply","peers":[{{peers}}]}""" + "\n"));
        return RawPeer.Adopt(client);
    }
}
