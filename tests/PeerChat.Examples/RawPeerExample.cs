using PeerChat.Testing;

namespace PeerChat.Examples;

/// <summary>A peer played by a plain socket, for odd behaviour and for other implementations.</summary>
public sealed class RawPeerExample : PeerChatTestKit
{
    [Fact]
    public async Task Garbage_from_a_peer_is_ignored_and_its_next_valid_message_is_delivered()
    {
        var node = await StartNodeAsync("ours");
        var raw = await JoinRawPeerAsync(node, "theirs");

        await raw.SendAsync("this is not json");
        await raw.SendRawAsync(new byte[] { 0xff, 0xfe, 0x00, (byte)'\n' });
        await raw.SendAsync("""{"type":"from-the-future","x":1}""");
        await raw.SendSplitAsync(RawFrames.Message("still talking ✓"), 1, 2, 5); // a line in pieces, the ✓ split too

        await node.ExpectMessageAsync(from: "theirs", text: "still talking ✓");
        await node.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(300));
        await raw.ExpectNoFrameAsync(TimeSpan.FromMilliseconds(100)); // and never answered
    }

    [Fact]
    public async Task A_raw_peer_named_in_a_who_reply_is_dialled_by_a_newcomer_and_gets_its_messages()
    {
        var first = await StartNodeAsync("first");
        var listener = ListenRawPeer();
        await JoinRawPeerAsync(first, "raw", port: listener.Port.ToString(CultureInfo.InvariantCulture));
        await first.ExpectPeerJoinedAsync("raw");

        var newcomer = await StartNodeAsync("newcomer");
        newcomer.ConnectTo(first);
        var fromNewcomer = await listener.AcceptJoinAsync("raw");
        await newcomer.ExpectPeerJoinedAsync("raw");

        newcomer.Say("hello raw");
        var frame = await fromNewcomer.ExpectFrameAsync("message");
        Assert.Equal("hello raw", frame.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Who_reply_lists_every_member_but_the_asker_with_its_listen_port()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        var raw = Harness.Own(await RawPeer.JoinAsync(a, "asker", port: "4444")); // made by hand, cleaned up with the rest

        var peers = await raw.WhoAsync();

        Assert.Equal(new[] { ("127.0.0.1", b.Port.ToString(CultureInfo.InvariantCulture)) }, peers);
    }
}
