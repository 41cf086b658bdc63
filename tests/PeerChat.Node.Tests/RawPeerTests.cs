using System.Net;
using System.Net.Sockets;
using System.Text;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>The node against peers played by plain sockets: the wire as other implementations see it.</summary>
public sealed class RawPeerTests : PeerChatTestKit
{
    [Fact]
    public async Task Join_is_answered_with_join_reply_as_the_first_line()
    {
        var node = await StartNodeAsync("Kevin");
        var raw = await ConnectRawPeerAsync(node);
        await raw.SendAsync("""{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}""");

        var line = await raw.ReadLineAsync();
        Assert.Equal($$"""{"type":"join-reply","name":"Kevin","age":"{{node.Settings.Age}}","zip":"{{node.Settings.Zip}}","port":"{{node.Port}}"}""", line);
        Assert.Equal(new PeerInfo("Bob", "15", "12345", "127.0.0.1", 1234), (await node.ExpectPeerJoinedAsync("Bob")).Peer);
    }

    [Fact]
    public async Task Join_with_json_numbers_and_type_last_is_accepted()
    {
        var node = await StartNodeAsync("n");
        var raw = await ConnectRawPeerAsync(node);
        await raw.SendAsync("""{"zip":10001,"port":41239,"name":"kim","type":"join","age":55}""");

        await raw.ExpectFrameAsync("join-reply");
        Assert.Equal(new PeerInfo("kim", "55", "10001", "127.0.0.1", 41239), (await node.ExpectPeerJoinedAsync("kim")).Peer);
    }

    [Fact]
    public async Task Invalid_profile_fields_get_defaults_and_the_join_is_accepted()
    {
        var node = await StartNodeAsync("n");
        var raw = await ConnectRawPeerAsync(node);
        await raw.SendAsync("""{"type":"join","name":"","age":"old","zip":{"x":1},"port":"5555"}""");

        await raw.ExpectFrameAsync("join-reply");
        Assert.Equal(new PeerInfo("anonymous", "0", "00000", "127.0.0.1", 5555), (await node.ExpectPeerJoinedAsync()).Peer);
    }

    [Fact]
    public async Task Frames_before_join_are_ignored()
    {
        var node = await StartNodeAsync("n");
        var raw = await ConnectRawPeerAsync(node);
        await raw.SendAsync(RawFrames.Message("too early"));
        await raw.SendAsync(RawFrames.Who);
        await raw.SendAsync(RawFrames.Join("late", "1", "1", "1"));

        var first = await raw.ReadFrameAsync();
        Assert.Equal("join-reply", first.GetProperty("type").GetString());
        await node.ExpectPeerJoinedAsync("late");
        await node.ExpectNoEventAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Garbage_and_unknown_types_are_ignored_and_the_connection_keeps_working()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "odd");
        await node.ExpectPeerJoinedAsync("odd");

        await raw.SendAsync("not json at all");
        await raw.SendAsync("[1,2,3]");
        await raw.SendAsync("""{"type":42}""");
        await raw.SendAsync("""{"no":"type"}""");
        await raw.SendAsync("""{"type":"dance","steps":3}""");
        await raw.SendAsync("""{“type”: “message”}""");
        await raw.SendRawAsync([0xff, 0xfe, 0x00, (byte)'\n']);
        await raw.SendAsync(new string('[', 100_000));
        await raw.SendAsync(RawFrames.Message("still here"));

        await node.ExpectMessageAsync("odd", "still here");
    }

    [Fact]
    public async Task A_line_over_the_limit_is_dropped_and_the_next_line_works()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-line-length = 1 KiB");
        var raw = await JoinRawPeerAsync(node, "big");
        await node.ExpectPeerJoinedAsync("big");

        await raw.SendAsync(RawFrames.Message(new string('x', 5000)));
        await raw.SendAsync(RawFrames.Message("small"));

        Assert.Equal("small", (await node.ExpectMessageAsync()).Text);
    }

    [Fact]
    public async Task Lines_split_byte_by_byte_and_crlf_endings_are_read()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "slow");
        await node.ExpectPeerJoinedAsync("slow");

        await raw.SendSplitAsync(Encoding.UTF8.GetBytes("{\"type\":\"message\",\"message\":\"h\u00e9llo \u2713 \U0001F600\"}\r\n"), 1);

        await node.ExpectMessageAsync("slow", "h\u00e9llo \u2713 \U0001F600");
    }

    [Fact]
    public async Task Many_lines_in_one_write_are_all_read_in_order()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "burst");
        await node.ExpectPeerJoinedAsync("burst");

        var burst = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"type\":\"message\",\"message\":\"{i}\"}}\n\n"));
        await raw.SendRawAsync(Encoding.UTF8.GetBytes(burst));

        await node.ExpectMessagesInOrderAsync("burst", Enumerable.Range(0, 50).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Who_reply_lists_everyone_but_the_asker_with_seen_ip_and_listen_port_as_strings()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        var raw = await JoinRawPeerAsync(a, "asker", port: "4444");
        await JoinRawPeerAsync(a, "other", port: "5555");

        await raw.SendAsync(RawFrames.Who);
        var reply = await raw.ExpectFrameAsync("who-reply");

        var peers = reply.GetProperty("peers").EnumerateArray()
            .Select(p => (p.GetProperty("ip").GetString()!, p.GetProperty("port").GetString()!))
            .OrderBy(p => p.Item2).ToArray();
        Assert.Equal(new[] { ("127.0.0.1", b.Port.ToString(CultureInfo.InvariantCulture)), ("127.0.0.1", "5555") }.OrderBy(p => p.Item2), peers);
    }

    [Fact]
    public async Task A_peer_with_an_invalid_port_can_chat_but_is_never_advertised()
    {
        var node = await StartNodeAsync("n");
        var portless = await JoinRawPeerAsync(node, "portless", port: "not-a-port");
        await node.ExpectPeerJoinedAsync("portless");
        await portless.SayAsync("hi");
        await node.ExpectMessageAsync("portless", "hi");

        var asker = await JoinRawPeerAsync(node, "asker");
        Assert.Empty(await asker.WhoAsync());
    }

    [Fact]
    public async Task Messages_go_to_raw_peers_as_strict_frames()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "listener");
        await node.ExpectPeerJoinedAsync("listener");

        node.Say("Hello \"there\" ✓");
        Assert.Equal("""{"type":"message","message":"Hello \"there\" ✓"}""", await raw.ReadLineAsync());
    }

    [Fact]
    public async Task Leave_removes_the_peer_with_reason_leave_and_closes_the_connection()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "goer");
        await node.ExpectPeerJoinedAsync("goer");

        await raw.LeaveAsync();

        await node.ExpectPeerLeftAsync("goer", LeaveReason.Leave);
        Assert.True(await raw.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_reset_connection_is_gone_with_reason_disconnected()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "reset");
        await node.ExpectPeerJoinedAsync("reset");

        raw.Abort();

        await node.ExpectPeerLeftAsync("reset", LeaveReason.Disconnected);
    }

    [Fact]
    public async Task Leaving_the_network_sends_leave_to_every_peer()
    {
        var node = await StartNodeAsync("n");
        var one = await JoinRawPeerAsync(node, "one");
        var two = await JoinRawPeerAsync(node, "two", port: "7778");
        await node.ExpectPeerJoinedAsync("two");

        await node.LeaveAsync();

        Assert.Equal(RawFrames.Leave, await one.ReadLineAsync());
        Assert.Equal(RawFrames.Leave, await two.ReadLineAsync());
        Assert.True(await one.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_connection_that_never_joins_is_closed_after_the_join_timeout()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join = 300ms");
        var silent = await ConnectRawPeerAsync(node);
        Assert.True(await silent.ClosedByNodeAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Joining_an_address_where_nobody_listens_is_an_error_event()
    {
        var node = await StartNodeAsync("n");
        var port = FreePort();
        node.ConnectTo("127.0.0.1", port);
        var failed = await node.ExpectEventAsync<JoinFailed>();
        Assert.Equal($"127.0.0.1:{port}", failed.Address);
    }

    [Fact]
    public async Task A_bootstrap_peer_that_never_answers_join_is_an_error_after_the_timeout()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.join-reply = 300ms");
        var mute = ListenRawPeer();
        node.ConnectTo(mute);
        await mute.AcceptAsync();

        var failed = await node.ExpectEventAsync<JoinFailed>();
        Assert.Contains("join-reply", failed.Reason);
        Assert.Empty(await node.PeersAsync());
    }

    [Fact]
    public async Task Who_reply_peers_are_joined_but_this_node_and_known_peers_are_skipped()
    {
        var node = await StartNodeAsync("n");
        var c = await StartNodeAsync("c");
        var fake = ListenRawPeer();
        node.ConnectTo(fake);
        var dialled = await fake.AcceptAsync();
        await dialled.AnswerJoinAsync("fake", port: fake.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(RawFrames.Who, await dialled.ReadLineAsync());
        await dialled.SendAsync(
            $$"""{"type":"who-reply","peers":[{"ip":"127.0.0.1","port":"{{node.Port}}"},{"ip":"127.0.0.1","port":"{{fake.Port}}"},{"ip":"::ffff:127.0.0.1","port":{{c.Port}}},{"ip":"nonsense","port":"1"}]}""");

        await c.ExpectPeerJoinedAsync("n");
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
