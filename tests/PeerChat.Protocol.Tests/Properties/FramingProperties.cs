using FsCheck.Xunit;

namespace PeerChat.Protocol.Tests.Properties;

/// <summary>LineFramer against a model of line splitting, for any stream and any way of cutting it into reads.</summary>
[Properties(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 500)]
public class FramingProperties
{
    private const int Unlimited = 1 << 20; // far beyond any generated line

    [Property]
    public void Any_split_of_a_stream_of_valid_lines_yields_the_same_lines_as_the_whole(
        StreamLine[] lines, StreamLine unterminatedTail, Chunking chunking)
    {
        byte[] tail = unterminatedTail.Content;
        byte[] stream = [.. Stream(lines), .. tail];

        var wholeFramer = new LineFramer(Unlimited);
        List<byte[]> whole = FramerRuns.FeedWhole(wholeFramer, stream);
        var chunkedFramer = new LineFramer(Unlimited);
        List<byte[]> chunked = FramerRuns.FeedInChunks(chunkedFramer, stream, chunking.Sizes);

        FramerRuns.AssertSameLines(ExpectedLines(lines, Unlimited), whole);
        FramerRuns.AssertSameLines(whole, chunked);

        // The unterminated tail is held, not delivered, however it was cut.
        Assert.Equal(tail.Length, wholeFramer.BufferedBytes);
        Assert.Equal(tail.Length, chunkedFramer.BufferedBytes);
        Assert.Equal(0, chunkedFramer.DiscardedLines);
    }

    [Property(MaxTest = 1000)]
    public void Framer_delivers_exactly_the_lines_within_the_maximum_length_in_order_and_buffers_at_most_max_plus_one_bytes(
        SmallMaxLength maxLength, StreamLine[] lines, Chunking chunking)
    {
        int max = maxLength.Value;
        byte[] stream = Stream(lines);
        List<byte[]> expected = ExpectedLines(lines, max);
        int overLong = lines.Count(l => DeliveredForm(l) is { Length: > 0 } d && d.Length > max);

        var framer = new LineFramer(max);
        int mostBuffered = 0;
        List<byte[]> chunked = FramerRuns.FeedInChunks(framer, stream, chunking.Sizes,
            afterFeed: f => mostBuffered = Math.Max(mostBuffered, f.BufferedBytes));

        Assert.InRange(mostBuffered, 0, max + 1);
        FramerRuns.AssertSameLines(expected, chunked);
        Assert.Equal(overLong, framer.DiscardedLines);
        Assert.Equal(0, framer.BufferedBytes);

        var wholeFramer = new LineFramer(max);
        FramerRuns.AssertSameLines(expected, FramerRuns.FeedWhole(wholeFramer, stream));
        Assert.Equal(overLong, wholeFramer.DiscardedLines);
    }

    [Property(MaxTest = 1000)]
    public void Any_split_of_arbitrary_bytes_yields_the_same_lines_as_the_whole_for_any_maximum_length(
        HostileBytes input, SmallMaxLength maxLength, Chunking chunking)
    {
        foreach (int max in (int[])[maxLength.Value, maxLength.Value * 16])
        {
            var wholeFramer = new LineFramer(max);
            List<byte[]> whole = FramerRuns.FeedWhole(wholeFramer, input.Value);
            var chunkedFramer = new LineFramer(max);
            int mostBuffered = 0;
            List<byte[]> chunked = FramerRuns.FeedInChunks(chunkedFramer, input.Value, chunking.Sizes,
                afterFeed: f => mostBuffered = Math.Max(mostBuffered, f.BufferedBytes));

            Assert.InRange(mostBuffered, 0, max + 1);
            FramerRuns.AssertSameLines(whole, chunked);
            Assert.Equal(wholeFramer.DiscardedLines, chunkedFramer.DiscardedLines);
            foreach (byte[] line in whole)
            {
                Assert.InRange(line.Length, 1, max);
                Assert.True(line.AsSpan().IndexOf((byte)'\n') < 0, "a delivered line contains '\\n'");
            }
        }
    }

    [Property]
    public void Encoded_records_pass_through_the_framer_cut_anywhere_and_decode_to_equal_records(
        CanonicalMessage[] messages, Chunking chunking)
    {
        byte[] stream = messages.SelectMany(m => PeerCodec.EncodeLine(m.Value)).ToArray();

        List<byte[]> lines = FramerRuns.FeedInChunks(new LineFramer(Unlimited), stream, chunking.Sizes);

        Assert.Equal(messages.Length, lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            Assert.True(PeerCodec.TryDecode(lines[i], out PeerMessage? decoded));
            Assert.Equal(messages[i].Value, decoded);
        }
    }

    private static byte[] Stream(StreamLine[] lines) => lines.SelectMany(l => l.Bytes()).ToArray();

    /// <summary>The model: a line loses its "\n" and then one trailing '\r'; empty lines are skipped.</summary>
    private static byte[] DeliveredForm(StreamLine line)
    {
        byte[] raw = line.Crlf ? [.. line.Content, (byte)'\r'] : line.Content;
        return raw is [.., (byte)'\r'] ? raw[..^1] : raw;
    }

    private static List<byte[]> ExpectedLines(StreamLine[] lines, int max) =>
        lines.Select(DeliveredForm).Where(l => l.Length is > 0 and var n && n <= max).ToList();
}

internal static class FramerRuns
{
    /// <summary>Assert.Equal on lists of arrays is slow; compare fast and let Assert.Equal describe a difference.</summary>
    public static void AssertSameLines(List<byte[]> expected, List<byte[]> actual)
    {
        bool same = expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        if (!same) Assert.Equal(expected.Select(Show.Bytes), actual.Select(Show.Bytes));
    }

    public static List<byte[]> FeedWhole(LineFramer framer, byte[] data)
    {
        var sink = new CollectingSink();
        framer.Feed(data, sink);
        return sink.Lines;
    }

    /// <summary>Feeds <paramref name="data"/> in pieces of the given lengths, cycling through them (0 feeds an empty span).</summary>
    public static List<byte[]> FeedInChunks(LineFramer framer, byte[] data, int[] sizes, Action<LineFramer>? afterFeed = null)
    {
        var sink = new CollectingSink();
        int position = 0;
        for (int k = 0; position < data.Length; k++)
        {
            int length = Math.Min(sizes[k % sizes.Length], data.Length - position);
            framer.Feed(data.AsSpan(position, length), sink);
            position += length;
            afterFeed?.Invoke(framer);
        }

        return sink.Lines;
    }
}
