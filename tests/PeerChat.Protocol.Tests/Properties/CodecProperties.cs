using System.Buffers;
using System.Text;
using System.Text.Unicode;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PeerChat.Protocol.Tests.Properties;

/// <summary>encode then decode is the identity on canonical records, and encoding is always one line.</summary>
[Properties(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 500)]
public class CodecProperties
{
    [Property]
    public void Join_decodes_to_an_equal_record_and_a_blank_name_to_the_default(
        ValidText name, CanonicalAge age, ZipCode zip, ListenPort port)
    {
        var join = new Join(name.Value, age.Value, zip.Value, port.Value);

        PeerMessage decoded = RoundTrip(join);

        Assert.Equal(join with { Name = NameAfterDecoding(name.Value) }, decoded);
    }

    [Property]
    public void JoinReply_decodes_to_an_equal_record_and_a_blank_name_to_the_default(
        ValidText name, CanonicalAge age, ZipCode zip, ListenPort port)
    {
        var reply = new JoinReply(name.Value, age.Value, zip.Value, port.Value);

        PeerMessage decoded = RoundTrip(reply);

        Assert.Equal(reply with { Name = NameAfterDecoding(name.Value) }, decoded);
    }

    [Property]
    public void WhoReply_with_canonical_addresses_decodes_to_an_equal_record(CanonicalPeers peers)
    {
        var reply = new WhoReply(peers.Value);

        Assert.Equal(reply, RoundTrip(reply));
    }

    [Property(MaxTest = 1000)]
    public void ChatMessage_with_any_valid_Unicode_text_decodes_to_an_equal_record(ValidText text)
    {
        var chat = new ChatMessage(text.Value);

        Assert.Equal(chat, RoundTrip(chat));
    }

    [Property]
    public void Every_canonical_record_decodes_to_an_equal_record(CanonicalMessage message)
    {
        Assert.Equal(message.Value, RoundTrip(message.Value));
    }

    [Property(MaxTest = 1000)]
    public void EncodeLine_is_exactly_one_valid_UTF8_line_ending_in_newline_for_any_record(AnyMessage message)
    {
        byte[] line = PeerCodec.EncodeLine(message.Value);

        Assert.Equal(line.Length - 1, line.AsSpan().IndexOf((byte)'\n'));
        Assert.Equal((byte)'}', line[^2]); // so no framer strips a '\r' from it
        Assert.True(Utf8.IsValid(line));

        // Whatever the fields, the frame decodes as the record's type.
        Assert.True(PeerCodec.TryDecode(line.AsSpan(0, line.Length - 1), out PeerMessage? decoded));
        Assert.Equal(message.Value.GetType(), decoded.GetType());
    }

    [Property]
    public void Write_appends_exactly_the_EncodeLine_bytes_after_whatever_the_buffer_already_holds(AnyMessage message, byte[] earlier)
    {
        var buffer = new ArrayBufferWriter<byte>(1);
        buffer.Write(earlier);

        PeerCodec.Write(message.Value, buffer);

        Assert.True(buffer.WrittenSpan[..earlier.Length].SequenceEqual(earlier));
        Assert.True(buffer.WrittenSpan[earlier.Length..].SequenceEqual(PeerCodec.EncodeLine(message.Value)));
    }

    [Property(MaxTest = 1000)]
    public void Lone_surrogates_encode_as_U_FFFD_and_everything_else_in_the_text_survives(AnyText text)
    {
        string expected = Sanitized(text.Value);

        Assert.Equal(new ChatMessage(expected), RoundTrip(new ChatMessage(text.Value)));
        Assert.Equal(new Join(NameAfterDecoding(expected), "1", "2", 3), RoundTrip(new Join(text.Value, "1", "2", 3)));
    }

    [Property(MaxTest = 1000)]
    public void Any_JSON_escaping_of_any_text_decodes_to_the_text_with_lone_surrogates_replaced(EscapedText escaped)
    {
        byte[] chatLine = [.. """{"type":"message","message":"""u8, .. escaped.Literal, (byte)'}'];
        byte[] joinLine = [.. """{"type":"join","name":"""u8, .. escaped.Literal, (byte)'}'];
        string expected = Sanitized(escaped.Text);

        Assert.True(PeerCodec.TryDecode(chatLine, out PeerMessage? chat));
        Assert.Equal(new ChatMessage(expected), chat);
        Assert.True(PeerCodec.TryDecode(joinLine, out PeerMessage? join));
        Assert.Equal(NameAfterDecoding(expected), Assert.IsType<Join>(join).Name);
    }

    [Property(MaxTest = 300)]
    public Property IPv4_mapped_IPv6_peer_decodes_as_its_dotted_IPv4_address() =>
        Prop.ForAll(Arb.From(Gens.IPv4), Arb.From(Gens.PeerPort), (v4, port) =>
        {
            string mapped = v4.MapToIPv6().ToString();
            Assert.StartsWith("::ffff:", mapped);

            PeerMessage decoded = RoundTrip(new WhoReply([new PeerAddress(mapped, port)]));

            Assert.Equal(new WhoReply([new PeerAddress(v4.ToString(), port)]), decoded);
        });

    /// <summary>Long runs of text are transcoded in 64K-char pieces; pairs and escapes straddle the piece ends here.</summary>
    [Property(MaxTest = 4)]
    public void Text_longer_than_the_segmenting_threshold_decodes_to_the_text_with_lone_surrogates_replaced(
        AnyText snippet, SmallMaxLength offset) // offset: 1..64 chars before the first segment end
    {
        const int segment = 1 << 16, threshold = 1 << 20;
        string unit = snippet.Value.Length == 0 ? "\"😀\uD800" : snippet.Value;
        var sb = new StringBuilder(new string('a', segment - offset.Value), threshold + 2 * segment);
        while (sb.Length <= threshold + unit.Length) sb.Append(unit);
        string text = sb.ToString();

        PeerMessage decoded = RoundTrip(new ChatMessage(text));

        Assert.True(decoded is ChatMessage { Text: var got } && got == Sanitized(text), "long text changed in the round trip");
    }

    // ---- helpers ----

    private static PeerMessage RoundTrip(PeerMessage message)
    {
        byte[] line = PeerCodec.EncodeLine(message);
        Assert.True(PeerCodec.TryDecode(line.AsSpan(0, line.Length - 1), out PeerMessage? decoded),
            "did not decode: " + Show.Bytes(line));
        return decoded;
    }

    private static string NameAfterDecoding(string name) => string.IsNullOrWhiteSpace(name) ? PeerDefaults.Name : name;

    /// <summary>The model of sanitising: surrogate pairs kept, every other surrogate replaced by U+FFFD.</summary>
    internal static string Sanitized(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return sb.ToString();
    }
}
