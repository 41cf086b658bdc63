using System.Buffers;
using System.Text;
using FsCheck.Xunit;

namespace PeerChat.Protocol.Tests.Properties;

/// <summary>EncodedLength is exactly what the encoder writes, and text goes on the wire as raw UTF-8.</summary>
[Properties(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 1000)]
public class EncodedLengthProperties
{
    [Property]
    public void EncodedLength_of_a_chat_message_is_the_number_of_bytes_Write_appends_for_any_text(AnyText text, byte[] earlier)
    {
        var message = new ChatMessage(text.Value);
        var buffer = new ArrayBufferWriter<byte>(1);
        buffer.Write(earlier);

        PeerCodec.Write(message, buffer);

        Assert.Equal(PeerCodec.EncodedLength(message), buffer.WrittenCount - earlier.Length);
    }

    [Property]
    public void EncodedLength_of_any_record_is_the_length_of_its_line(AnyMessage message)
    {
        Assert.Equal(PeerCodec.EncodedLength(message.Value), PeerCodec.EncodeLine(message.Value).Length);
    }

    [Property]
    public void Chat_text_is_raw_UTF8_with_only_quotes_backslashes_and_control_characters_escaped(AnyText text)
    {
        byte[] expected = [.. """{"type":"message","message":"""u8, .. Literal(text.Value), .. "}\n"u8];

        Assert.Equal(expected, PeerCodec.EncodeLine(new ChatMessage(text.Value)));
    }

    /// <summary>The model: a JSON string literal escaping only what JSON requires, lone surrogates as U+FFFD.</summary>
    private static byte[] Literal(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in CodecProperties.Sanitized(text))
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return Encoding.UTF8.GetBytes(sb.Append('"').ToString());
    }
}
