using System.Text;

namespace PeerChat.Protocol.Tests;

/// <summary>The fast path for chat lines as PeerChat writes them: the same answer as the full decoder, or none.</summary>
public class PlainMessageTests
{
    private static bool Plain(string line, out string? text) => PeerCodec.TryDecodePlainMessage(Encoding.UTF8.GetBytes(line), out text);

    [Fact]
    public void A_line_as_PeerChat_writes_it_gives_its_text()
    {
        Assert.True(Plain("""{"type":"message","message":"Hello There! 你好 👋"}""", out var text));
        Assert.Equal("Hello There! 你好 👋", text);
    }

    [Theory]
    [InlineData("""{"type":"message","message":"say \"hi\""}""")] // needs unescaping
    [InlineData("""{"message":"hi","type":"message"}""")] // type last, as the Java peer writes it
    [InlineData("""{"type": "message", "message": "hi"}""")] // spaces
    [InlineData("""{"type":"message","message":"hi","extra":1}""")]
    [InlineData("""{"type":"who"}""")]
    public void Any_other_shape_is_left_to_the_full_decoder(string line)
    {
        Assert.False(Plain(line, out _));
        Assert.True(PeerCodec.TryDecode(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void Invalid_UTF8_in_the_text_is_not_a_message_on_either_path()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"message","message":"ab"}""");
        line[^3] = 0xFF;
        Assert.False(PeerCodec.TryDecodePlainMessage(line, out _));
        Assert.False(PeerCodec.TryDecode(line, out _));
    }
}
