using System.Buffers;
using System.Text;
using PeerChat.App;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.App.Tests;

public sealed class MessageLinesTests
{
    private static readonly PeerInfo Bob = new("Bob", "15", "12345", "127.0.0.1", 1234);

    private static string Written(MessagesReceived batch)
    {
        var output = new ArrayBufferWriter<byte>();
        MessageLines.Append(output, batch);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string AsEventJsonWritesThem(MessagesReceived batch) =>
        string.Concat(batch.Texts.Select(t => EventJson.ToLine(new ReceivedLine(batch.From, t)) + "\n"));

    [Theory]
    [InlineData("Hello")]
    [InlineData("")]
    [InlineData("quote \" backslash \\ line\nbreak\u0000\u001f")]
    [InlineData("Zoë 中文 😀 \u2028")]
    [InlineData("lone \uD800 surrogate")]
    public void A_batch_is_written_byte_for_byte_as_the_event_writer_writes_each_line(string text)
    {
        var batch = new MessagesReceived(Bob with { Name = "Zoë \"B\"" }, [text, text + "!", "next"]);

        Assert.Equal(AsEventJsonWritesThem(batch), Written(batch));
    }

    [Fact]
    public void A_sender_without_a_listen_port_is_written_with_a_null_port()
    {
        var batch = new MessagesReceived(Bob with { Port = null }, ["hi"]);

        Assert.Equal(AsEventJsonWritesThem(batch), Written(batch));
    }

    [Fact]
    public void A_text_of_only_control_characters_fits_the_room_asked_for()
    {
        // The worst case: every char becomes a six-byte \u00XX escape.
        var batch = new MessagesReceived(Bob, [new string('\u0001', 50_000)]);

        Assert.Equal(AsEventJsonWritesThem(batch), Written(batch));
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("")]
    [InlineData("quote \" backslash \\ tab\t")]
    [InlineData("Zoë 中文 😀 \u2028 \u007f <&>")]
    public void A_batch_as_read_from_a_peer_is_written_byte_for_byte_as_the_event_writer_writes_each_line(string text)
    {
        var texts = new ReceivedTexts.Builder();
        foreach (var t in new[] { text, "plain", text + "!" })
        {
            var line = PeerCodec.EncodeLine(new ChatMessage(t))[..^1];
            if (PeerCodec.TryReadPlainMessage(line, out var content)) texts.AddPlain(content);
            else texts.Add(t);
        }
        var batch = new MessagesReceived(Bob, texts.Take());

        Assert.Equal(AsEventJsonWritesThem(batch), Written(batch));
    }
}
