using System.Text;

namespace PeerChat.Protocol.Tests;

public class LineFramerTests
{
    private const string MixedStream =
        "{\"type\":\"message\",\"message\":\"héllo ✓ 日本 😀\"}\n" +
        "\r\n" +
        "second line\r\n" +
        "\n" +
        "\r\n" +
        "ünïcödé 𝄞 end\n" +
        "x\n" +
        "trailing partial";

    private static readonly string[] MixedStreamLines =
    [
        "{\"type\":\"message\",\"message\":\"héllo ✓ 日本 😀\"}",
        "second line",
        "ünïcödé 𝄞 end",
        "x",
    ];

    private static List<string> FeedWhole(LineFramer framer, byte[] data)
    {
        var sink = new CollectingSink();
        framer.Feed(data, sink);
        return sink.Texts;
    }

    private static List<string> FeedInPieces(LineFramer framer, byte[] data, int pieceLength)
    {
        var sink = new CollectingSink();
        for (int i = 0; i < data.Length; i += pieceLength)
        {
            framer.Feed(data.AsSpan(i, Math.Min(pieceLength, data.Length - i)), sink);
        }

        return sink.Texts;
    }

    [Fact]
    public void Line_ending_in_newline_is_delivered_without_the_newline()
    {
        Assert.Equal(["hello"], FeedWhole(new LineFramer(100), Bytes.Of("hello\n")));
    }

    [Fact]
    public void Carriage_return_before_the_newline_is_removed()
    {
        Assert.Equal(["hello"], FeedWhole(new LineFramer(100), Bytes.Of("hello\r\n")));
    }

    [Fact]
    public void Only_one_trailing_carriage_return_is_removed()
    {
        Assert.Equal(["hello\r"], FeedWhole(new LineFramer(100), Bytes.Of("hello\r\r\n")));
    }

    [Fact]
    public void Carriage_return_inside_a_line_is_kept()
    {
        Assert.Equal(["a\rb"], FeedWhole(new LineFramer(100), Bytes.Of("a\rb\n")));
    }

    [Fact]
    public void Many_lines_in_one_feed_are_delivered_in_order()
    {
        Assert.Equal(["one", "two", "three"], FeedWhole(new LineFramer(100), Bytes.Of("one\ntwo\r\nthree\n")));
    }

    [Fact]
    public void Empty_lines_are_skipped()
    {
        Assert.Equal(["a", "b"], FeedWhole(new LineFramer(100), Bytes.Of("\n\na\n\n\nb\n\n")));
    }

    [Fact]
    public void Lone_carriage_return_line_is_skipped()
    {
        Assert.Equal(["a"], FeedWhole(new LineFramer(100), Bytes.Of("\r\n\r\na\r\n\r\n")));
    }

    [Fact]
    public void Bytes_after_the_last_newline_are_held_not_delivered()
    {
        var framer = new LineFramer(100);
        Assert.Equal(["a"], FeedWhole(framer, Bytes.Of("a\npart")));
        Assert.Equal(4, framer.BufferedBytes);
    }

    [Fact]
    public void Held_partial_line_is_completed_by_the_next_feed()
    {
        var framer = new LineFramer(100);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("hel"), sink);
        Assert.Empty(sink.Lines);
        framer.Feed(Bytes.Of("lo\nnext\n"), sink);
        Assert.Equal(["hello", "next"], sink.Texts);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Newline_alone_in_a_feed_completes_the_held_line()
    {
        var framer = new LineFramer(100);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("hello\r"), sink);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Equal(["hello"], sink.Texts);
    }

    [Fact]
    public void Line_split_inside_a_multibyte_character_is_delivered_whole()
    {
        byte[] data = Bytes.Of("a😀b\n"); // 'a', F0 9F 98 80, 'b', '\n'
        for (int split = 2; split <= 4; split++)
        {
            var framer = new LineFramer(100);
            var sink = new CollectingSink();
            framer.Feed(data.AsSpan(0, split), sink);
            framer.Feed(data.AsSpan(split), sink);
            Assert.Equal([Bytes.Of("a😀b")], sink.Lines);
        }
    }

    [Fact]
    public void Every_split_of_a_stream_into_three_feeds_delivers_the_same_lines_as_one_feed()
    {
        byte[] data = Bytes.Of(MixedStream);
        Assert.Equal(MixedStreamLines, FeedWhole(new LineFramer(1000), data));

        for (int i = 0; i <= data.Length; i++)
        {
            for (int j = i; j <= data.Length; j++)
            {
                var framer = new LineFramer(1000);
                var sink = new CollectingSink();
                framer.Feed(data.AsSpan(0, i), sink);
                framer.Feed(data.AsSpan(i, j - i), sink);
                framer.Feed(data.AsSpan(j), sink);
                Assert.Equal(MixedStreamLines, sink.Texts);
                Assert.Equal(Encoding.UTF8.GetByteCount("trailing partial"), framer.BufferedBytes);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Feeding_n_bytes_at_a_time_delivers_the_same_lines_as_one_feed(int pieceLength)
    {
        Assert.Equal(MixedStreamLines, FeedInPieces(new LineFramer(1000), Bytes.Of(MixedStream), pieceLength));
    }

    [Fact]
    public void Empty_feed_changes_nothing()
    {
        var framer = new LineFramer(100);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("ab"), sink);
        framer.Feed(ReadOnlySpan<byte>.Empty, sink);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Equal(["ab"], sink.Texts);
    }

    [Fact]
    public void Line_wholly_inside_the_fed_data_is_passed_without_copying()
    {
        byte[] data = Bytes.Of("first\nsecond\r\n");
        var sink = new OverlapSink(data);
        new LineFramer(100).Feed(data, sink);
        Assert.Equal(2, sink.Calls);
        Assert.True(sink.AllOverlapped);
    }

    [Fact]
    public void Sink_may_be_a_struct()
    {
        var counter = new StrongBox<int>();
        new LineFramer(100).Feed(Bytes.Of("a\nb\nc\n"), new CountingSink(counter));
        Assert.Equal(3, counter.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_maximum_is_rejected(int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineFramer(max));
    }

    [Fact]
    public void Maximum_line_length_is_reported()
    {
        Assert.Equal(1234, new LineFramer(1234).MaxLineLength);
    }

    [Fact]
    public void Line_of_exactly_the_maximum_length_is_delivered()
    {
        var framer = new LineFramer(5);
        Assert.Equal(["12345"], FeedWhole(framer, Bytes.Of("12345\n")));
        Assert.Equal(0, framer.DiscardedLines);
    }

    [Fact]
    public void Line_of_exactly_the_maximum_length_ending_in_crlf_is_delivered()
    {
        Assert.Equal(["12345"], FeedWhole(new LineFramer(5), Bytes.Of("12345\r\n")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Line_of_exactly_the_maximum_length_arriving_in_pieces_is_delivered(int pieceLength)
    {
        var framer = new LineFramer(5);
        Assert.Equal(["12345", "abcde"], FeedInPieces(framer, Bytes.Of("12345\r\nabcde\n"), pieceLength));
        Assert.Equal(0, framer.DiscardedLines);
    }

    [Fact]
    public void Maximum_length_line_whose_carriage_return_ends_a_feed_is_delivered()
    {
        var framer = new LineFramer(5);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("12345\r"), sink);
        Assert.Equal(6, framer.BufferedBytes);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Equal(["12345"], sink.Texts);
        Assert.Equal(0, framer.DiscardedLines);
    }

    [Fact]
    public void Line_one_byte_over_the_maximum_is_discarded()
    {
        var framer = new LineFramer(5);
        Assert.Empty(FeedWhole(framer, Bytes.Of("123456\n")));
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Fact]
    public void Line_one_byte_over_the_maximum_with_crlf_is_discarded()
    {
        var framer = new LineFramer(5);
        Assert.Empty(FeedWhole(framer, Bytes.Of("123456\r\n")));
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(1000)]
    public void Over_long_line_is_discarded_and_the_next_line_works(int pieceLength)
    {
        var framer = new LineFramer(10);
        string stream = "before\n" + new string('x', 100) + "\nafter\r\n";
        Assert.Equal(["before", "after"], FeedInPieces(framer, Bytes.Of(stream), pieceLength));
        Assert.Equal(1, framer.DiscardedLines);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Over_long_line_held_then_completed_in_a_later_feed_is_discarded()
    {
        var framer = new LineFramer(5);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("1234"), sink);
        framer.Feed(Bytes.Of("5678\nok\n"), sink);
        Assert.Equal(["ok"], sink.Texts);
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Fact]
    public void Over_long_line_streamed_in_one_byte_feeds_never_buffers_more_than_the_cap()
    {
        const int max = 16;
        var framer = new LineFramer(max);
        var sink = new CollectingSink();
        byte[] data = Bytes.Of(new string('y', 10_000) + "\n");
        foreach (byte b in data)
        {
            framer.Feed([b], sink);
            Assert.True(framer.BufferedBytes <= max + 1, $"buffered {framer.BufferedBytes}");
            Assert.True(framer.BufferCapacity <= max + 1, $"capacity {framer.BufferCapacity}");
        }

        Assert.Empty(sink.Lines);
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Fact]
    public void Over_long_line_is_dropped_before_its_newline_arrives()
    {
        var framer = new LineFramer(8);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of(new string('z', 100)), sink);
        Assert.Equal(0, framer.BufferedBytes);
        Assert.Equal(1, framer.DiscardedLines);
        framer.Feed(Bytes.Of(new string('z', 100)), sink);
        Assert.Equal(0, framer.BufferedBytes);
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Fact]
    public void Each_over_long_line_is_counted_once()
    {
        var framer = new LineFramer(3);
        string stream = "aaaa\nok\nbbbbbbbbbb\ncccccc\r\nfin\n";
        Assert.Equal(["ok", "fin"], FeedInPieces(framer, Bytes.Of(stream), 1));
        Assert.Equal(3, framer.DiscardedLines);

        var whole = new LineFramer(3);
        Assert.Equal(["ok", "fin"], FeedWhole(whole, Bytes.Of(stream)));
        Assert.Equal(3, whole.DiscardedLines);
    }

    [Fact]
    public void Framer_holds_nothing_after_a_discarded_line()
    {
        var framer = new LineFramer(4);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("0123456789\n"), sink);
        Assert.Equal(0, framer.BufferedBytes);
        framer.Feed(Bytes.Of("ab"), sink);
        Assert.Equal(2, framer.BufferedBytes);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Equal(["ab"], sink.Texts);
    }

    [Fact]
    public void Empty_lines_are_not_counted_as_discarded()
    {
        var framer = new LineFramer(1);
        FeedWhole(framer, Bytes.Of("\n\r\n\n"));
        Assert.Equal(0, framer.DiscardedLines);
    }

    [Fact]
    public void Buffer_never_grows_beyond_the_cap_plus_one()
    {
        const int max = 1000;
        var framer = new LineFramer(max);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of(new string('q', max)), sink);
        framer.Feed(Bytes.Of("\r"), sink);
        Assert.Equal(max + 1, framer.BufferCapacity);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Single(sink.Lines);
        Assert.Equal(max, sink.Lines[0].Length);
    }

    [Fact]
    public void Big_buffer_is_released_after_its_line_is_delivered()
    {
        var framer = new LineFramer(1 << 20);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of(new string('b', 200_000)), sink);
        Assert.True(framer.BufferCapacity >= 200_000);
        framer.Feed(Bytes.Of("\n"), sink);
        Assert.Equal(200_000, Assert.Single(sink.Lines).Length);
        Assert.True(framer.BufferCapacity <= 64 * 1024);
    }

    [Fact]
    public void Big_buffer_is_released_after_its_line_is_discarded()
    {
        var framer = new LineFramer(100_000);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of(new string('b', 90_000)), sink);
        Assert.True(framer.BufferCapacity >= 90_000);
        framer.Feed(Bytes.Of(new string('b', 20_000)), sink);
        Assert.True(framer.BufferCapacity <= 64 * 1024);
        Assert.Equal(1, framer.DiscardedLines);
    }

    [Fact]
    public void Small_buffer_is_kept_for_the_next_partial_line()
    {
        var framer = new LineFramer(1000);
        var sink = new CollectingSink();
        framer.Feed(Bytes.Of("abc"), sink);
        int capacity = framer.BufferCapacity;
        framer.Feed(Bytes.Of("\ndef"), sink);
        Assert.Equal(capacity, framer.BufferCapacity);
        Assert.Equal(["abc"], sink.Texts);
    }

    [Fact]
    public void Line_is_not_decoded_so_invalid_utf8_passes_through_unchanged()
    {
        byte[] data = [0xFF, 0xC3, 0x00, (byte)'\n'];
        var sink = new CollectingSink();
        new LineFramer(10).Feed(data, sink);
        Assert.Equal([new byte[] { 0xFF, 0xC3, 0x00 }], sink.Lines);
    }

    [Fact]
    public void Exception_from_the_sink_leaves_the_framer_usable()
    {
        var framer = new LineFramer(100);
        framer.Feed(Bytes.Of("par"), new CollectingSink());
        Assert.Throws<InvalidOperationException>(() => framer.Feed(Bytes.Of("tial\n"), new ThrowingSink()));
        Assert.Equal(0, framer.BufferedBytes);
        Assert.Equal(["next"], FeedWhole(framer, Bytes.Of("next\n")));
    }

    [Fact]
    public void Feeding_complete_lines_allocates_nothing()
    {
        var framer = new LineFramer(1000);
        byte[] data = Bytes.Of("{\"type\":\"who\"}\n{\"type\":\"leave\"}\r\nabc\n");
        var sink = new CountingSink(new StrongBox<int>());
        long allocated = Allocations.PerCall(() => framer.Feed(data, sink));
        Assert.Equal(0, allocated);
    }

    private sealed class OverlapSink(byte[] data) : ILineSink
    {
        public int Calls { get; private set; }

        public bool AllOverlapped { get; private set; } = true;

        public void OnLine(ReadOnlySpan<byte> line)
        {
            Calls++;
            AllOverlapped &= data.AsSpan().Overlaps(line);
        }
    }

    private sealed class StrongBox<T>
    {
        public T? Value;
    }

    private readonly struct CountingSink(StrongBox<int> counter) : ILineSink
    {
        public void OnLine(ReadOnlySpan<byte> line) => counter.Value++;
    }

    private sealed class ThrowingSink : ILineSink
    {
        public void OnLine(ReadOnlySpan<byte> line) => throw new InvalidOperationException("sink failed");
    }
}
