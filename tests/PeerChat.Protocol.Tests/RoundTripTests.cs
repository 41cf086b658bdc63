namespace PeerChat.Protocol.Tests;

public class RoundTripTests
{
    private const string Tricky = "emoji 😀👍🏽 CJK 日本語 中文 한국어 \"quotes\" 'single' \\back\\slash\\ /slash/ " +
                                  "ctl \u0000\u0001\u0008\u000C\u001F\u007F tab\t cr\r lf\n sep\u2028\u2029 bom\uFEFF é ✓ <&>";

    public static TheoryData<PeerMessage> Messages() => new()
    {
        new Join("Bob", "15", "12345", 1234),
        new Join(Tricky, "0", "00000", 1),
        new Join("x", "9223372036854775807", "9999999999", 65535),
        new Join("no port", "1", "01234", null),
        new JoinReply("Kevin", "20", "12345", 1235),
        new JoinReply(Tricky, "33", "14623", 48025),
        new JoinReply("no port", "1", "2", null),
        Who.Instance,
        new WhoReply([]),
        new WhoReply([new PeerAddress("1.2.3.4", 1234)]),
        new WhoReply([new PeerAddress("127.0.0.1", 59581), new PeerAddress("::1", 1), new PeerAddress("2001:db8::1", 65535)]),
        Leave.Instance,
        new ChatMessage("Hello There!"),
        new ChatMessage(""),
        new ChatMessage(" "),
        new ChatMessage(Tricky),
        new ChatMessage("{\"type\":\"leave\"}"),
        new ChatMessage(new string('z', 100_000)),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encoded_message_decodes_to_an_equal_message(PeerMessage message)
    {
        byte[] line = PeerCodec.EncodeLine(message);
        Assert.Equal((byte)'\n', line[^1]);
        Assert.True(PeerCodec.TryDecode(line.AsSpan(0, line.Length - 1), out var decoded));
        Assert.Equal(message, decoded);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encoded_message_passes_through_the_framer_as_one_line(PeerMessage message)
    {
        byte[] line = PeerCodec.EncodeLine(message);
        var sink = new CollectingSink();
        var framer = new LineFramer(1 << 20);
        for (int i = 0; i < line.Length; i += 7) framer.Feed(line.AsSpan(i, Math.Min(7, line.Length - i)), sink);

        byte[] delivered = Assert.Single(sink.Lines);
        Assert.True(PeerCodec.TryDecode(delivered, out var decoded));
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Re_encoding_a_decoded_java_frame_gives_the_strict_form()
    {
        Assert.True(PeerCodec.TryDecode("""{"zip":14623,"port":48025,"name":"jane","type":"join-reply","age":33}"""u8, out var decoded));
        Assert.Equal("{\"type\":\"join-reply\",\"name\":\"jane\",\"age\":\"33\",\"zip\":\"14623\",\"port\":\"48025\"}\n", Bytes.Encode(decoded));
    }

    [Fact]
    public void Re_encoding_a_decoded_java_who_reply_gives_the_strict_form()
    {
        Assert.True(PeerCodec.TryDecode("""{"peers":[{"port":59581,"ip":"127.0.0.1"}],"type":"who-reply"}"""u8, out var decoded));
        Assert.Equal("{\"type\":\"who-reply\",\"peers\":[{\"ip\":\"127.0.0.1\",\"port\":\"59581\"}]}\n", Bytes.Encode(decoded));
    }

    [Fact]
    public void Observed_java_stream_fed_one_byte_at_a_time_decodes_every_frame()
    {
        // shared/fixtures/observed-frames.txt, each frame ended with "\n" as sent.
        const string stream =
            "{\"zip\":14623,\"port\":48025,\"name\":\"jane\",\"type\":\"join-reply\",\"age\":33}\n" +
            "{\"peers\":[{\"port\":59581,\"ip\":\"127.0.0.1\"}],\"type\":\"who-reply\"}\n" +
            "{\"type\":\"message\",\"message\":\"hello ✓ from jane\"}\n" +
            "{\"zip\":10001,\"port\":41239,\"name\":\"kim\",\"type\":\"join\",\"age\":55}\n" +
            "{\"type\":\"who\"}\n" +
            "{\"type\":\"leave\"}\n";
        var sink = new CollectingSink();
        var framer = new LineFramer(1 << 20);
        foreach (byte b in Bytes.Of(stream)) framer.Feed([b], sink);

        PeerMessage?[] decoded = sink.Lines.Select(Bytes.Decode).ToArray();
        Assert.Equal(
            new PeerMessage[]
            {
                new JoinReply("jane", "33", "14623", 48025),
                new WhoReply([new PeerAddress("127.0.0.1", 59581)]),
                new ChatMessage("hello ✓ from jane"),
                new Join("kim", "55", "10001", 41239),
                Who.Instance,
                Leave.Instance,
            },
            decoded);
    }
}
