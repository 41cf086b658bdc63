using System.Buffers;
using System.Text.Json;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>
/// The <c>message</c> event lines of one chat batch, written straight into the output buffer. Every
/// line of a batch has the same sender, so everything before the text is encoded once per batch and
/// copied; each text goes in as a raw literal (<see cref="JsonString"/>). The bytes are exactly what
/// <see cref="EventJson.Write"/> writes for a <see cref="ReceivedLine"/>: a flood spends its time
/// copying, not walking a JSON writer and an object per line.
/// </summary>
internal static class MessageLines
{
    private static ReadOnlySpan<byte> End => "}\n"u8;

    /// <summary>Appends one line per text of the batch to <paramref name="output"/>, each ending in a newline.</summary>
    public static void Append(IBufferWriter<byte> output, MessagesReceived batch)
    {
        var prefix = Prefix(batch.From);
        foreach (var text in batch.Texts)
        {
            // Room for the worst case, every char escaped as \u00XX, without measuring the text first.
            var span = output.GetSpan(prefix.Length + 6 * text.Length + 2 + End.Length);
            prefix.CopyTo(span);
            var at = prefix.Length + JsonString.Write(text, span[prefix.Length..]);
            End.CopyTo(span[at..]);
            output.Advance(at + End.Length);
        }
    }

    /// <summary><c>{"event":"message","from":{…},"text":</c> for this sender.</summary>
    internal static byte[] Prefix(PeerInfo from)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            EventJson.WriteMessageStart(w, from);
            w.WritePropertyName("text");
        }
        return buffer.WrittenSpan.ToArray();
    }
}
