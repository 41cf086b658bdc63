using System.Buffers;
using System.Text;

namespace PeerChat.Protocol.Tests;

public class EncodeTests
{
    [Fact]
    public void Join_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"join\",\"name\":\"Bob\",\"age\":\"15\",\"zip\":\"12345\",\"port\":\"1234\"}\n",
            Bytes.Encode(new Join("Bob", "15", "12345", 1234)));
    }

    [Fact]
    public void Join_reply_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"join-reply\",\"name\":\"Kevin\",\"age\":\"20\",\"zip\":\"01234\",\"port\":\"1235\"}\n",
            Bytes.Encode(new JoinReply("Kevin", "20", "01234", 1235)));
    }

    [Fact]
    public void Join_without_a_port_is_written_with_port_zero()
    {
        Assert.Equal("{\"type\":\"join\",\"name\":\"Bob\",\"age\":\"15\",\"zip\":\"12345\",\"port\":\"0\"}\n",
            Bytes.Encode(new Join("Bob", "15", "12345", null)));
    }

    [Fact]
    public void Join_reply_without_a_port_is_written_with_port_zero()
    {
        Assert.Equal("{\"type\":\"join-reply\",\"name\":\"K\",\"age\":\"0\",\"zip\":\"00000\",\"port\":\"0\"}\n",
            Bytes.Encode(new JoinReply("K", "0", "00000", null)));
    }

    [Fact]
    public void Who_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"who\"}\n", Bytes.Encode(Who.Instance));
    }

    [Fact]
    public void Who_reply_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"who-reply\",\"peers\":[{\"ip\":\"1.2.3.4\",\"port\":\"1234\"},{\"ip\":\"::1\",\"port\":\"65535\"}]}\n",
            Bytes.Encode(new WhoReply([new PeerAddress("1.2.3.4", 1234), new PeerAddress("::1", 65535)])));
    }

    [Fact]
    public void Empty_who_reply_is_written_with_an_empty_array()
    {
        Assert.Equal("{\"type\":\"who-reply\",\"peers\":[]}\n", Bytes.Encode(new WhoReply([])));
    }

    [Fact]
    public void Leave_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"leave\"}\n", Bytes.Encode(Leave.Instance));
    }

    [Fact]
    public void Message_is_written_in_strict_form()
    {
        Assert.Equal("{\"type\":\"message\",\"message\":\"Hello\"}\n", Bytes.Encode(new ChatMessage("Hello")));
    }

    [Fact]
    public void Empty_message_is_written_with_an_empty_string()
    {
        Assert.Equal("{\"type\":\"message\",\"message\":\"\"}\n", Bytes.Encode(new ChatMessage("")));
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped()
    {
        Assert.Equal("{\"type\":\"message\",\"message\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001Fh\"}\n",
            Bytes.Encode(new ChatMessage("a\"b\\c\nd\re\tf\u0000g\u001Fh")));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_raw_utf8()
    {
        Assert.Equal("{\"type\":\"message\",\"message\":\"héllo ✓ 日本語 <&'>\"}\n",
            Bytes.Encode(new ChatMessage("héllo ✓ 日本語 <&'>")));
    }

    [Fact]
    public void Emoji_are_written_as_their_four_UTF8_bytes_not_as_escaped_surrogates()
    {
        Assert.Equal("{\"type\":\"message\",\"message\":\"😀👍🏽\"}\n", Bytes.Encode(new ChatMessage("😀👍🏽")));
    }

    [Fact]
    public void Characters_JSON_allows_raw_are_not_escaped()
    {
        // DEL, the line and paragraph separators, a BOM, a noncharacter and a soft hyphen: JSON escapes none of them.
        Assert.Equal("{\"type\":\"message\",\"message\":\"\u007F\u2028\u2029\uFEFF\uFFFF\u00AD\"}\n",
            Bytes.Encode(new ChatMessage("\u007F\u2028\u2029\uFEFF\uFFFF\u00AD")));
    }

    [Fact]
    public void EncodedLength_of_100000_emoji_is_their_400000_UTF8_bytes_and_the_frame_around_them()
    {
        var message = new ChatMessage(string.Concat(Enumerable.Repeat("😀", 100_000)));

        Assert.Equal(400_000 + "{\"type\":\"message\",\"message\":\"\"}\n".Length, PeerCodec.EncodedLength(message));
        Assert.Equal(PeerCodec.EncodedLength(message), PeerCodec.EncodeLine(message).Length);
    }

    [Fact]
    public void Text_with_newlines_is_written_on_one_line()
    {
        byte[] line = PeerCodec.EncodeLine(new ChatMessage("one\ntwo\r\nthree\u2028four"));
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', line[^1]);
    }

    [Fact]
    public void Lone_surrogate_does_not_throw_and_becomes_the_replacement_character()
    {
        // Not InlineData: xunit mangles lone surrogates when it serialises theory data.
        (string Text, string Expected)[] cases =
        [
            ("\uD800", "\uFFFD"),
            ("a\uDC00b", "a\uFFFDb"),
            ("x\uD83D", "x\uFFFD"),
            ("\uDE00\uD83D", "\uFFFD\uFFFD"),
            ("ok\uD83D\uDE00\uD800\uD83D\uDE00", "ok\uD83D\uDE00\uFFFD\uD83D\uDE00"),
            ("\uD800\uD800\uDC00", "\uFFFD\uD800\uDC00"),
        ];

        foreach (var (text, expected) in cases)
        {
            byte[] line = PeerCodec.EncodeLine(new ChatMessage(text));
            var decoded = Assert.IsType<ChatMessage>(Bytes.Decode(line.AsSpan(0, line.Length - 1).ToArray()));
            Assert.Equal(expected, decoded.Text);
        }
    }

    [Fact]
    public void Lone_surrogates_in_join_fields_do_not_throw()
    {
        byte[] line = PeerCodec.EncodeLine(new Join("n\uD800", "\uDC00", "\uD800", 1));
        var join = Assert.IsType<Join>(Bytes.Decode(line.AsSpan(0, line.Length - 1).ToArray()));
        Assert.Equal("n\uFFFD", join.Name);
    }

    [Fact]
    public void Null_fields_are_written_as_defaults()
    {
        Assert.Equal("{\"type\":\"join\",\"name\":\"anonymous\",\"age\":\"0\",\"zip\":\"00000\",\"port\":\"0\"}\n",
            Bytes.Encode(new Join(null!, null!, null!, null)));
        Assert.Equal("{\"type\":\"message\",\"message\":\"\"}\n", Bytes.Encode(new ChatMessage(null!)));
        Assert.Equal("{\"type\":\"who-reply\",\"peers\":[]}\n", Bytes.Encode(new WhoReply(null!)));
    }

    [Fact]
    public void Write_appends_exactly_one_line_after_existing_content()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write("previous\n"u8);
        PeerCodec.Write(Who.Instance, output);
        PeerCodec.Write(Leave.Instance, output);
        Assert.Equal("previous\n{\"type\":\"who\"}\n{\"type\":\"leave\"}\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void EncodeLine_returns_the_same_bytes_as_write()
    {
        var message = new Join("Bob", "15", "12345", 1234);
        Assert.Equal(Bytes.Encode(message), Encoding.UTF8.GetString(PeerCodec.EncodeLine(message)));
    }

    [Fact]
    public void EncodeLine_returns_a_fresh_array_each_time()
    {
        byte[] first = PeerCodec.EncodeLine(Who.Instance);
        byte[] second = PeerCodec.EncodeLine(Leave.Instance);
        Assert.NotSame(first, second);
        Assert.Equal("{\"type\":\"who\"}\n", Encoding.UTF8.GetString(first));
    }

    [Fact]
    public void Unknown_message_subtype_is_rejected_without_writing_anything()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => PeerCodec.Write(new AlienMessage(), output));
        Assert.Equal(0, output.WrittenCount);
        PeerCodec.Write(Who.Instance, output); // the codec still works
        Assert.Equal("{\"type\":\"who\"}\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Very_long_text_is_written_whole()
    {
        var builder = new StringBuilder();
        while (builder.Length < 2_500_000)
        {
            builder.Append('a', 65_535).Append("😀").Append("\"\\\n").Append('\uD800').Append("é日");
        }

        string text = builder.ToString();
        byte[] line = PeerCodec.EncodeLine(new ChatMessage(text));
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        var decoded = Assert.IsType<ChatMessage>(Bytes.Decode(line.AsSpan(0, line.Length - 1).ToArray()));
        Assert.Equal(text.Replace('\uD800', '\uFFFD'), decoded.Text);
    }

    [Fact]
    public void Writing_from_many_threads_gives_each_its_own_line()
    {
        var results = new string[2000];
        Parallel.For(0, results.Length, i =>
        {
            results[i] = Encoding.UTF8.GetString(PeerCodec.EncodeLine(new ChatMessage("m" + i)));
        });

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal($"{{\"type\":\"message\",\"message\":\"m{i}\"}}\n", results[i]);
        }
    }

    private sealed record AlienMessage : PeerMessage;
}
