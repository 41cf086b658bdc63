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

    [Theory]
    [InlineData("Hello There! 你好 👋")]
    [InlineData("")]
    [InlineData("it's <b> & '/' \u007f \u2028")]
    public void The_plain_content_is_the_text_as_PeerChat_writes_it(string text)
    {
        var line = PeerCodec.EncodeLine(new ChatMessage(text))[..^1]; // without its '\n'

        Assert.True(PeerCodec.TryReadPlainMessage(line, out var content));
        Assert.Equal(Encoding.UTF8.GetBytes(text), content.ToArray());
    }

    [Theory]
    [InlineData("""{"type":"message","message":"say \"hi\""}""")]
    [InlineData("""{"type":"message","message":"tab\there"}""")]
    public void Content_that_needs_unescaping_is_not_plain(string line)
    {
        Assert.False(PeerCodec.TryReadPlainMessage(Encoding.UTF8.GetBytes(line), out _));
        Assert.True(PeerCodec.TryDecode(Encoding.UTF8.GetBytes(line), out var message));
        Assert.IsType<ChatMessage>(message);
    }

    [Fact]
    public void A_raw_control_byte_in_the_text_is_not_plain()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"message","message":"a b"}""");
        line[^4] = 0x01; // JSON forbids it unescaped: the full decoder rejects the line
        Assert.False(PeerCodec.TryReadPlainMessage(line, out _));
        Assert.False(PeerCodec.TryDecode(line, out _));
    }

    [Fact]
    public void A_surrogate_encoded_in_UTF8_is_not_plain()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"message","message":"abc"}""");
        line[^5] = 0xED; line[^4] = 0xA0; line[^3] = 0x80; // U+D800 as three bytes: not valid UTF-8
        Assert.False(PeerCodec.TryReadPlainMessage(line, out _));
        Assert.False(PeerCodec.TryDecode(line, out _));
    }
}
