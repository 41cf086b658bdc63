using Akka.Actor;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PeerChat.Node.Tests;

/// <summary>The node against peers played by plain sockets: the wire as other implementations see it.</summary>
public sealed class RawPeerTests : NodeTestKit
{
    [Fact]
    public async Task Join_is_answered_with_join_reply_as_the_first_line()
    {
        var node = await StartNodeAsync("Kevin");
        await using var raw = await RawPeer.ConnectAsync(node.Port);
        await raw.SendAsync("""{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}""");

        var line = await raw.ReadLineAsync();
        Assert.Equal($$"""{"type":"join-reply","name":"Kevin","age":"{{node.Settings.Age}}","zip":"{{node.Settings.Zip}}","port":"{{node.Port}}"}""", line);
        var joined = await node.ExpectJoinedAsync("Bob");
        Assert.Equal(new PeerInfo("Bob", "15", "12345", "127.0.0.1", 1234), joined.Peer);
    }

    [Fact]
    public async Task Join_with_json_numbers_and_type_last_is_accepted()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.ConnectAsync(node.Port);
        await raw.SendAsync("""{"zip":10001,"port":41239,"name":"kim","type":"join","age":55}""");

        await raw.ExpectFrameAsync("join-reply");
        Assert.Equal(new PeerInfo("kim", "55", "10001", "127.0.0.1", 41239), (await node.ExpectJoinedAsync("kim")).Peer);
    }

    [Fact]
    public async Task Invalid_profile_fields_get_defaults_and_the_join_is_accepted()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.ConnectAsync(node.Port);
        await raw.SendAsync("""{"type":"join","name":"","age":"old","zip":{"x":1},"port":"5555"}""");

        await raw.ExpectFrameAsync("join-reply");
        Assert.Equal(new PeerInfo("anonymous", "0", "00000", "127.0.0.1", 5555), (await node.ExpectAsync<PeerJoined>()).Peer);
    }

    [Fact]
    public async Task Frames_before_join_are_ignored()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.ConnectAsync(node.Port);
        await raw.SendAsync("""{"type":"message","message":"too early"}""");
        await raw.SendAsync("""{"type":"who"}""");
        await raw.SendAsync("""{"type":"join","name":"late","age":"1","zip":"1","port":"1"}""");

        var first = await raw.ReadFrameAsync();
        Assert.Equal("join-reply", first.GetProperty("type").GetString());
        await node.ExpectJoinedAsync("late");
        await node.Events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Garbage_and_unknown_types_are_ignored_and_the_connection_keeps_working()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "odd");
        await node.ExpectJoinedAsync("odd");

        await raw.SendAsync("not json at all");
        await raw.SendAsync("[1,2,3]");
        await raw.SendAsync("""{"type":42}""");
        await raw.SendAsync("""{"no":"type"}""");
        await raw.SendAsync("""{"type":"dance","steps":3}""");
        await raw.SendAsync("""{“type”: “message”}""");
        await raw.SendRawAsync([0xff, 0xfe, 0x00, (byte)'\n']);
        await raw.SendAsync(new string('[', 100_000));
        await raw.SendAsync("""{"type":"message","message":"still here"}""");

        await node.ExpectMessageAsync("odd", "still here");
    }

    [Fact]
    public async Task A_line_over_the_limit_is_dropped_and_the_next_line_works()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-line-length = 1 KiB");
        await using var raw = await RawPeer.JoinAsync(node.Port, "big");
        await node.ExpectJoinedAsync("big");

        await raw.SendAsync($$"""{"type":"message","message":"{{new string('x', 5000)}}"}""");
        await raw.SendAsync("""{"type":"message","message":"small"}""");

        var next = await node.ExpectAsync<MessageReceived>();
        Assert.Equal("small", next.Text);
    }

    [Fact]
    public async Task Lines_split_byte_by_byte_and_crlf_endings_are_read()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "slow");
        await node.ExpectJoinedAsync("slow");

        foreach (var b in Encoding.UTF8.GetBytes("{\"type\":\"message\",\"message\":\"h\u00e9llo \u2713 \U0001F600\"}\r\n"))
            await raw.SendRawAsync([b]);

        await node.ExpectMessageAsync("slow", "h\u00e9llo \u2713 \U0001F600");
    }

    [Fact]
    public async Task Many_lines_in_one_write_are_all_read_in_order()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "burst");
        await node.ExpectJoinedAsync("burst");

        var burst = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"type\":\"message\",\"message\":\"{i}\"}}\n\n"));
        await raw.SendRawAsync(Encoding.UTF8.GetBytes(burst));

        for (var i = 0; i < 50; i++) await node.ExpectMessageAsync("burst", i.ToString());
    }

    [Fact]
    public async Task Who_reply_lists_everyone_but_the_asker_with_seen_ip_and_listen_port_as_strings()
    {
        var nodes = await StartMeshAsync("a", "b");
        await using var raw = await RawPeer.JoinAsync(nodes[0].Port, "asker", port: "4444");
        await using var other = await RawPeer.JoinAsync(nodes[0].Port, "other", port: "5555");

        await raw.SendAsync("""{"type":"who"}""");
        var reply = await raw.ExpectFrameAsync("who-reply");

        var peers = reply.GetProperty("peers").EnumerateArray()
            .Select(p => (p.GetProperty("ip").GetString(), p.GetProperty("port").GetString()))
            .OrderBy(p => p.Item2).ToArray();
        Assert.Equal(new[] { ("127.0.0.1", nodes[1].Port.ToString()), ("127.0.0.1", "5555") }.OrderBy(p => p.Item2), peers);
    }

    [Fact]
    public async Task A_peer_with_an_invalid_port_can_chat_but_is_never_advertised()
    {
        var node = await StartNodeAsync("n");
        await using var portless = await RawPeer.JoinAsync(node.Port, "portless", port: "not-a-port");
        await node.ExpectJoinedAsync("portless");
        await portless.SendAsync("""{"type":"message","message":"hi"}""");
        await node.ExpectMessageAsync("portless", "hi");

        await using var asker = await RawPeer.JoinAsync(node.Port, "asker");
        await asker.SendAsync("""{"type":"who"}""");
        var reply = await asker.ExpectFrameAsync("who-reply");
        Assert.Equal(0, reply.GetProperty("peers").GetArrayLength());
    }

    [Fact]
    public async Task Messages_go_to_raw_peers_as_strict_frames()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "listener");
        await node.ExpectJoinedAsync("listener");

        node.Say("Hello \"there\" ✓");
        Assert.Equal("""{"type":"message","message":"Hello \"there\" ✓"}""", await raw.ReadLineAsync());
    }

    [Fact]
    public async Task Leave_removes_the_peer_with_reason_leave_and_closes_the_connection()
    {
        var node = await StartNodeAsync("n");
        await using var raw = await RawPeer.JoinAsync(node.Port, "goer");
        await node.ExpectJoinedAsync("goer");

        await raw.SendAsync("""{"type":"leave"}""");

        Assert.Equal(LeaveReason.Leave, (await node.ExpectLeftAsync("goer")).Reason);
        Assert.True(await raw.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_reset_connection_is_gone_with_reason_disconnected()
    {
        var node = await StartNodeAsync("n");
        var raw = await RawPeer.JoinAsync(node.Port, "reset");
        await node.ExpectJoinedAsync("reset");

        raw.Abort();

        Assert.Equal(LeaveReason.Disconnected, (await node.ExpectLeftAsync("reset")).Reason);
    }

    [Fact]
    public async Task Leaving_the_network_sends_leave_to_every_peer()
    {
        var node = await StartNodeAsync("n");
        await using var one = await RawPeer.JoinAsync(node.Port, "one");
        await using var two = await RawPeer.JoinAsync(node.Port, "two", port: "7778");
        await node.ExpectJoinedAsync("two");

        await node.Node.Ask<NetworkLeft>(LeaveNetwork.Instance, TimeSpan.FromSeconds(5));

        Assert.Equal("""{"type":"leave"}""", await one.ReadLineAsync());
        Assert.Equal("""{"type":"leave"}""", await two.ReadLineAsync());
        Assert.True(await one.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_connection_that_never_joins_is_closed_after_the_join_timeout()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join = 300ms");
        await using var silent = await RawPeer.ConnectAsync(node.Port);
        Assert.True(await silent.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Joining_an_address_where_nobody_listens_is_an_error_event()
    {
        var node = await StartNodeAsync("n");
        var port = FreePort();
        node.ConnectTo(port);
        var failed = await node.ExpectAsync<JoinFailed>();
        Assert.Equal($"127.0.0.1:{port}", failed.Address);
    }

    [Fact]
    public async Task A_bootstrap_peer_that_never_answers_join_is_an_error_after_the_timeout()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join-reply = 300ms");
        using var mute = new TcpListener(IPAddress.Loopback, 0);
        mute.Start();
        node.ConnectTo(((IPEndPoint)mute.LocalEndpoint).Port);
        using var accepted = await mute.AcceptTcpClientAsync();

        var failed = await node.ExpectAsync<JoinFailed>();
        Assert.Contains("join-reply", failed.Reason);
        Assert.Empty(await node.PeersAsync());
    }

    [Fact]
    public async Task Who_reply_peers_are_joined_but_this_node_and_known_peers_are_skipped()
    {
        var node = await StartNodeAsync("n");
        var c = await StartNodeAsync("c");
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        node.ConnectTo(((IPEndPoint)fake.LocalEndpoint).Port);
        using var accepted = await fake.AcceptTcpClientAsync();
        var stream = accepted.GetStream();
        var reader = new StreamReader(stream);
        var join = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement;
        Assert.Equal("join", join.GetProperty("type").GetString());
        var fakePort = ((IPEndPoint)fake.LocalEndpoint).Port;
        await stream.WriteAsync(Encoding.UTF8.GetBytes($$"""{"type":"join-reply","name":"fake","age":"1","zip":"1","port":"{{fakePort}}"}""" + "\n"));
        Assert.Equal("""{"type":"who"}""", await reader.ReadLineAsync());
        await stream.WriteAsync(Encoding.UTF8.GetBytes(
            $$"""{"type":"who-reply","peers":[{"ip":"127.0.0.1","port":"{{node.Port}}"},{"ip":"127.0.0.1","port":"{{fakePort}}"},{"ip":"::ffff:127.0.0.1","port":{{c.Port}}},{"ip":"nonsense","port":"1"}]}""" + "\n"));

        await c.ExpectJoinedAsync("n");
        await AwaitAssertAsync(async () =>
            Assert.Equal(["c", "fake"], (await node.PeersAsync()).Select(p => p.Name)), TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
