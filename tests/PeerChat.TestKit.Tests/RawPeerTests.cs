using System.Net.Sockets;
using System.Text;
using PeerChat.Node;
using PeerChat.Testing;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

public sealed class RawPeerTests : PeerChatTestKit
{
    [Fact]
    public async Task Frames_are_strict_json_lines_with_numbers_as_strings()
    {
        Assert.Equal("""{"type":"join","name":"Bob \"B\" ✓","age":"15","zip":"012","port":"1234"}""", RawFrames.Join("Bob \"B\" ✓", "15", "012", "1234"));
        Assert.Equal("""{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"5"}]}""", RawFrames.WhoReply(("1.2.3.4", "5")));
        Assert.Equal("""{"type":"message","message":"a\nb"}""", RawFrames.Message("a\nb"));
        Assert.Equal("""{"type":"dance","steps":3}""", RawFrames.Of(new { type = "dance", steps = 3 }));
    }

    [Fact]
    public async Task Split_sends_deliver_one_line_however_it_is_cut()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "splitter");
        var line = RawFrames.Message("h\u00e9llo \U0001F600");

        await raw.SendSplitAsync(line, 1);
        await raw.SendSplitAsync(line, 3, 1, 30);
        await raw.SendSplitAsync(Encoding.UTF8.GetBytes(line + "\r\n" + line + "\n"), 1000);

        await node.ExpectMessagesInOrderAsync("splitter", Enumerable.Repeat("h\u00e9llo \U0001F600", 4));
    }

    [Fact]
    public async Task Expect_frame_skips_other_lines_and_fails_listing_what_it_read()
    {
        var listener = ListenRawPeer();
        var raw = Harness.Own(await RawPeer.ConnectAsync(listener.Port));
        var other = await listener.AcceptAsync();
        await other.SendAsync(RawFrames.Message("skipped"));
        await other.SendAsync("not json");
        await other.SendAsync(RawFrames.Who);

        await raw.ExpectFrameAsync("who");

        await other.SendAsync(RawFrames.Leave);
        var failure = await Assert.ThrowsAsync<XunitException>(() => raw.ExpectFrameAsync("who-reply", TimeSpan.FromMilliseconds(500)));
        Assert.Equal($"raw peer to 127.0.0.1:{listener.Port}: expected a 'who-reply' frame, but none within {Shown(TimeSpan.FromMilliseconds(500))}. Lines read meanwhile (1): {RawFrames.Leave}", failure.Message);
    }

    [Fact]
    public async Task Expect_no_frame_keeps_other_lines_for_later_reads()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "r");
        node.Say("kept");
        await raw.ExpectNoFrameAsync(TimeSpan.FromMilliseconds(300), "leave");
        Assert.Equal("""{"type":"message","message":"kept"}""", await raw.ReadLineAsync());

        await node.LeaveAsync();
        var failure = await Assert.ThrowsAsync<XunitException>(() => raw.ExpectNoFrameAsync(TimeSpan.FromSeconds(5), "leave"));
        Assert.Contains("""got {"type":"leave"}""", failure.Message);
        await raw.ExpectClosedByNodeAsync();
        await Assert.ThrowsAsync<EndOfStreamException>(() => raw.ReadLineAsync());
    }

    [Fact]
    public async Task A_listening_raw_peer_is_dialled_and_answers_the_join()
    {
        var node = await StartNodeAsync("n");
        var listener = ListenRawPeer();
        node.ConnectTo(listener);

        var peer = await listener.AcceptAsync();
        var join = await peer.AnswerJoinAsync("listener", listener.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("n", join.GetProperty("name").GetString());
        Assert.Equal(node.Port.ToString(CultureInfo.InvariantCulture), join.GetProperty("port").GetString());
        await peer.ExpectFrameAsync("who"); // a /connect asks who next
        await peer.SendAsync(RawFrames.WhoReply());

        Assert.Equal(new PeerInfo("listener", "30", "12345", "127.0.0.1", listener.Port), (await node.ExpectPeerJoinedAsync("listener")).Peer);
        await listener.ExpectNoConnectionAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Join_fails_clearly_when_the_first_line_back_is_not_a_join_reply()
    {
        var listener = ListenRawPeer();
        var joining = RawPeer.JoinAsync(listener.Port, "j");
        var fake = await listener.AcceptAsync();
        await fake.SendAsync(RawFrames.Message("not a reply"));

        var failure = await Assert.ThrowsAsync<XunitException>(() => joining);
        Assert.Equal("""raw peer j: the first line after join should be a join-reply, got {"type":"message","message":"not a reply"}""", failure.Message);
    }

    [Fact]
    public async Task Abort_resets_and_close_ends_the_connection_without_leave()
    {
        var node = await StartNodeAsync("n");
        var aborted = await JoinRawPeerAsync(node, "aborted", port: "7001");
        var closed = await JoinRawPeerAsync(node, "closed", port: "7002");
        aborted.Abort();
        closed.Close();
        await node.ExpectPeerLeftAsync("aborted", LeaveReason.Disconnected);
        await node.ExpectPeerLeftAsync("closed", LeaveReason.Disconnected);
    }

    [Fact]
    public async Task Adopting_a_socket_gives_it_the_same_reading_helpers()
    {
        var node = await StartNodeAsync("n");
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", node.Port);
        var raw = Harness.Own(RawPeer.Adopt(client, "adopted"));
        var reply = await raw.SendJoinAsync("adopted");
        Assert.Equal("n", reply.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Read_line_fails_after_its_timeout_naming_the_peer()
    {
        var node = await StartNodeAsync("n");
        var raw = await ConnectRawPeerAsync(node);
        var failure = await Assert.ThrowsAsync<XunitException>(() => raw.ReadLineAsync(TimeSpan.FromMilliseconds(200)));
        Assert.StartsWith($"raw peer to 127.0.0.1:{node.Port}: no line from the node within {Shown(TimeSpan.FromMilliseconds(200))}.", failure.Message);
    }

    /// <summary>How a failure message words <paramref name="timeout"/>, once this kit has dilated it.</summary>
    private string Shown(TimeSpan timeout) => EventInbox.Seconds(Dilated(timeout));
}
