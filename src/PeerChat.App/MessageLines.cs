using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>
/// The <c>message</c> event lines of one chat batch, written straight into the output buffer. Every
/// line of a batch has the same sender, so everything before the text is encoded once per batch and
/// copied; each text goes in as the UTF-8 it arrived in when it needs no escaping (<see cref="ReceivedTexts"/>),
/// otherwise as a raw literal (<see cref="JsonString"/>). The bytes are exactly what
/// <see cref="EventJson.Write"/> writes for a <see cref="ReceivedLine"/>: a flood spends its time
/// copying, not walking a JSON writer and an object per line.
/// </summary>
internal static class MessageLines
{
    private static ReadOnlySpan<byte> End => "}\n"u8;

    /// <summary>Appends one line per text of the batch to <paramref name="output"/>, each ending in a newline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Append(IBufferWriter<byte> output, MessagesReceived batch)
    {
        var prefix = Prefix(batch.From);
        var texts = batch.Texts;
        var received = texts as ReceivedTexts;
        for (int i = 0; i < texts.Count; i++)
        {
            if (received is not null && received.TryGetJsonContent(i, out var content))
            {
                // As it arrived: valid UTF-8 with nothing to escape, so the literal is the bytes in quotes.
                var line = output.GetSpan(prefix.Length + content.Length + 2 + End.Length);
                prefix.CopyTo(line);
                line[prefix.Length] = (byte)'"';
                content.CopyTo(line[(prefix.Length + 1)..]);
                int end = prefix.Length + 1 + content.Length;
                line[end] = (byte)'"';
                End.CopyTo(line[(end + 1)..]);
                output.Advance(end + 1 + End.Length);
                continue;
            }

            var text = texts[i];
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
