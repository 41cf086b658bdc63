using System.Text;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.Node.Tests;

/// <summary>A read's chat lines kept as UTF-8: the same texts as strings, and their JSON content where it needs no escaping.</summary>
public class ReceivedTextsTests
{
    /// <summary>As a connection collects a read: plain lines by their bytes, the rest decoded the long way.</summary>
    internal static ReceivedTexts AsRead(ReceivedTexts.Builder builder, params string[] texts)
    {
        foreach (var text in texts)
        {
            var line = PeerCodec.EncodeLine(new ChatMessage(text))[..^1];
            if (PeerCodec.TryReadPlainMessage(line, out var content)) builder.AddPlain(content);
            else builder.Add(((ChatMessage)Decoded(line)).Text);
        }
        return builder.Take();
    }

    private static PeerMessage Decoded(byte[] line) => PeerCodec.TryDecode(line, out var m) ? m : throw new InvalidOperationException("not a frame");

    [Fact]
    public void Every_text_reads_back_as_sent_in_order()
    {
        string[] sent = ["hello", "", "say \"hi\"\ttab", "Zoë 中文 😀", "back\\slash"];

        var texts = AsRead(new ReceivedTexts.Builder(), sent);

        Assert.Equal(sent, texts);
        Assert.Equal(sent.Length, texts.Count);
        Assert.Equal("Zoë 中文 😀", texts[3]);
    }

    [Fact]
    public void Json_content_is_given_only_for_texts_without_escapes()
    {
        var texts = AsRead(new ReceivedTexts.Builder(), "plain 中文", "with \"quotes\"");

        Assert.True(texts.TryGetJsonContent(0, out var content));
        Assert.Equal(Encoding.UTF8.GetBytes("plain 中文"), content.ToArray());
        Assert.False(texts.TryGetJsonContent(1, out _));
    }

    [Fact]
    public void Taking_the_texts_empties_the_builder_for_the_next_read()
    {
        var builder = new ReceivedTexts.Builder();
        var first = AsRead(builder, "one", "two");

        var second = AsRead(builder, "three");

        Assert.Equal(0, builder.Count);
        Assert.Equal(["one", "two"], first);
        Assert.Equal(["three"], second);
    }

    [Fact]
    public void A_read_larger_than_the_first_buffer_keeps_every_text()
    {
        var sent = Enumerable.Range(0, 500).Select(i => $"line {i} " + new string('x', i % 90)).ToArray();

        var texts = AsRead(new ReceivedTexts.Builder(), sent);

        Assert.Equal(sent, texts);
    }

    [Fact]
    public void A_long_line_does_not_keep_its_room_after_its_read()
    {
        var builder = new ReceivedTexts.Builder();
        var longLine = new string('x', 1_000_000);

        var texts = AsRead(builder, longLine);

        Assert.Equal(longLine, Assert.Single(texts));
        Assert.True(builder.Capacity <= 64 * 1024, $"the builder still holds {builder.Capacity} bytes");
    }

    [Fact]
    public void A_text_that_arrived_with_escapes_reads_back_exactly_even_a_lone_surrogate()
    {
        var builder = new ReceivedTexts.Builder();
        builder.AddPlain("plain"u8);
        builder.Add("lone \uD800 half");

        var texts = builder.Take();

        Assert.Equal(["plain", "lone \uD800 half"], texts);
    }
}
