using System.Text;
using PeerChat.Protocol;

namespace PeerChat.Benchmarks;

/// <summary>The frames the benchmarks parse and write: what this node and the Java reference peer put on the wire.</summary>
internal static class Frames
{
    // {"type":"join",…}: as this node writes it (type first, numbers as strings).
    public static readonly byte[] Join = Line("""{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}""");

    // {"type":"join-reply",…}
    public static readonly byte[] JoinReply = Line("""{"type":"join-reply","name":"Kevin","age":"20","zip":"12345","port":"1235"}""");

    // The Java peer's join: type not first, numbers as JSON numbers.
    public static readonly byte[] JoinJava = Line("""{"zip":10001,"port":41239,"name":"kim","type":"join","age":55}""");

    // {"type":"who"}
    public static readonly byte[] Who = Line("""{"type":"who"}""");

    // {"type":"who-reply","peers":[…]} with three members.
    public static readonly byte[] WhoReply = Line("""{"type":"who-reply","peers":[{"ip":"10.0.0.1","port":"5000"},{"ip":"10.0.0.2","port":"5001"},{"ip":"192.168.100.200","port":"65000"}]}""");

    // {"type":"leave"}
    public static readonly byte[] Leave = Line("""{"type":"leave"}""");

    // {"type":"message",…}: a typical chat line, 42 characters of text, 72 bytes on the wire.
    public const string ChatText = "Hello There! Anyone up for lunch at noon?";
    public static readonly byte[] Message = Line($$"""{"type":"message","message":"{{ChatText}}"}""");

    // A message whose text needs unescaping (quotes, a newline, a non-ASCII \u escape).
    public static readonly byte[] MessageEscaped = Line("""{"type":"message","message":"She said \"hi\"\nthen left \u2713 ok"}""");

    public static readonly PeerMessage JoinValue = new Join("Bob", "15", "12345", 1234);
    public static readonly PeerMessage JoinReplyValue = new JoinReply("Kevin", "20", "12345", 1235);
    public static readonly PeerMessage WhoReplyValue = new WhoReply(
    [
        new PeerAddress("10.0.0.1", 5000),
        new PeerAddress("10.0.0.2", 5001),
        new PeerAddress("192.168.100.200", 65000),
    ]);
    public static readonly PeerMessage MessageValue = new ChatMessage(ChatText);
    public static readonly PeerMessage MessageEscapedValue = new ChatMessage("She said \"hi\"\nthen left \u2713 ok");

    /// <summary>The line without its terminator (what the framer hands the codec).</summary>
    private static byte[] Line(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary><paramref name="count"/> message frames, each ended by <c>\n</c>, with varying text (as a chat stream has).</summary>
    public static byte[] MessageStream(int count)
    {
        var sb = new StringBuilder(count * 80);
        for (int i = 0; i < count; i++)
            sb.Append("{\"type\":\"message\",\"message\":\"Hello There! message number ").Append(i).Append(" of the stream\"}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
