using System.Text.Unicode;
using FsCheck.Xunit;

namespace PeerChat.Protocol.Tests.Properties;

/// <summary>Hostile input: nothing throws, and whatever is accepted is a fixed point of encode then decode.</summary>
[Properties(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 1000)]
public class FuzzProperties
{
    [Property]
    public void The_plain_message_fast_path_agrees_with_the_full_decoder(HostileBytes input, ValidText text)
    {
        // Whatever the fast path accepts, the full decoder reads as the same chat message; it never throws.
        foreach (var line in new[] { input.Value, PeerCodec.EncodeLine(new ChatMessage(text.Value))[..^1] })
            if (PeerCodec.TryDecodePlainMessage(line, out var plain))
                Assert.Equal(new ChatMessage(plain), PeerCodec.TryDecode(line, out var full) ? full : null);
    }

    [Property]
    public void Arbitrary_bytes_never_throw_from_the_framer_or_the_parser(HostileBytes input, SmallMaxLength maxLength, Chunking chunking)
    {
        // Throwing fails the property; the results themselves are checked by the other properties.
        PeerCodec.TryDecode(input.Value, out _);
        PeerCodec.TryDecode(input.Value.AsSpan(0, input.Value.Length / 2), out _);

        foreach (int max in (int[])[maxLength.Value, 1 << 16])
        {
            var sink = new DecodingSink();
            var framer = new LineFramer(max);
            int position = 0;
            for (int k = 0; position < input.Value.Length; k++)
            {
                int length = Math.Min(chunking.Sizes[k % chunking.Sizes.Length], input.Value.Length - position);
                framer.Feed(input.Value.AsSpan(position, length), sink);
                position += length;
            }
        }
    }

    [Property(MaxTest = 500)]
    public void Whatever_decodes_re_encodes_to_one_line_that_decodes_to_an_equal_record(FrameLike input)
    {
        if (!PeerCodec.TryDecode(input.Value, out PeerMessage? decoded)) return;

        byte[] line = PeerCodec.EncodeLine(decoded);

        Assert.Equal(line.Length - 1, line.AsSpan().IndexOf((byte)'\n'));
        Assert.True(Utf8.IsValid(line));
        Assert.True(PeerCodec.TryDecode(line.AsSpan(0, line.Length - 1), out PeerMessage? again), "re-encoded frame did not decode: " + Show.Bytes(line));
        Assert.Equal(decoded, again);
    }

    [Property(MaxTest = 500)]
    public void Decoding_ignores_a_byte_order_mark_and_surrounding_JSON_whitespace(FrameLike input)
    {
        byte[] body = input.Value.AsSpan().StartsWith(Bom) ? input.Value[Bom.Length..] : input.Value; // one BOM at most
        bool plain = PeerCodec.TryDecode(body, out PeerMessage? expected);
        byte[] padded = [.. Bom, .. " \t\r\n"u8, .. body, .. "\t \r"u8];

        Assert.Equal(plain, PeerCodec.TryDecode(padded, out PeerMessage? actual));
        Assert.Equal(expected, actual);
    }

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes every line it is given, as a connection would.</summary>
    private sealed class DecodingSink : ILineSink
    {
        public void OnLine(ReadOnlySpan<byte> line) => PeerCodec.TryDecode(line, out _);
    }
}
