using System.Buffers;
using System.Globalization;

namespace PeerChat.Protocol;

public static partial class PeerCodec
{
    /// <summary>
    /// Writes <paramref name="message"/> as one compact JSON object followed by <c>\n</c>: <c>type</c> first,
    /// every number as a string, text as raw UTF-8 (see <see cref="JsonString"/>: only <c>"</c>, <c>\</c> and
    /// control characters are escaped; a lone surrogate is written as U+FFFD). A null string field is
    /// written as its default (<see cref="PeerDefaults"/> for name/age/zip, empty otherwise).
    /// Exactly <see cref="EncodedLength"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is a <see cref="PeerMessage"/> subtype this codec does not know, or its line would not fit in an array.</exception>
    public static void Write(PeerMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = CheckedLength(message);
        var bytes = new FrameBytes(output.GetSpan(length));
        WriteFrame(ref bytes, message);
        output.Advance(bytes.Written);
    }

    /// <summary><see cref="Write"/> into a new array: one line, ending in <c>\n</c>.</summary>
    public static byte[] EncodeLine(PeerMessage message)
    {
        var line = new byte[CheckedLength(message)];
        var bytes = new FrameBytes(line);
        WriteFrame(ref bytes, message);
        if (bytes.Written != line.Length) throw new InvalidOperationException($"Encoded {bytes.Written} bytes, counted {line.Length}.");
        return line;
    }

    /// <summary>
    /// The exact number of bytes <see cref="Write"/> and <see cref="EncodeLine"/> write for
    /// <paramref name="message"/>, its <c>\n</c> included (a receiver's line limit counts the line without it).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is a <see cref="PeerMessage"/> subtype this codec does not know.</exception>
    public static long EncodedLength(PeerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is not (Join or JoinReply or Who or WhoReply or Leave or ChatMessage))
        {
            throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }

        var length = new FrameLength();
        WriteFrame(ref length, message);
        return length.Length;
    }

    private static int CheckedLength(PeerMessage message)
    {
        long length = EncodedLength(message);
        if (length > Array.MaxLength) throw new ArgumentException($"The encoded line would be {length} bytes, more than an array holds.", nameof(message));
        return (int)length;
    }

    // The one description of every frame's layout: run once to count (FrameLength), once to write (FrameBytes).
    private static void WriteFrame<TOutput>(ref TOutput o, PeerMessage message) where TOutput : IFrameOutput, allows ref struct
    {
        switch (message)
        {
            case Join join:
                o.Raw("{\"type\":\"join\""u8);
                WriteMember(ref o, join.Name, join.Age, join.Zip, join.Port);
                break;
            case JoinReply reply:
                o.Raw("{\"type\":\"join-reply\""u8);
                WriteMember(ref o, reply.Name, reply.Age, reply.Zip, reply.Port);
                break;
            case Who:
                o.Raw("{\"type\":\"who\""u8);
                break;
            case WhoReply whoReply:
                o.Raw("{\"type\":\"who-reply\",\"peers\":["u8);
                IReadOnlyList<PeerAddress>? peers = whoReply.Peers;
                int count = peers?.Count ?? 0;
                for (int i = 0; i < count; i++)
                {
                    PeerAddress peer = peers![i];
                    o.Raw(i == 0 ? "{\"ip\":"u8 : ",{\"ip\":"u8);
                    o.Text(peer.Ip ?? string.Empty);
                    WritePort(ref o, peer.Port);
                    o.Raw("}"u8);
                }

                o.Raw("]"u8);
                break;
            case Leave:
                o.Raw("{\"type\":\"leave\""u8);
                break;
            case ChatMessage chat:
                o.Raw("{\"type\":\"message\",\"message\":"u8);
                o.Text(chat.Text ?? string.Empty);
                break;
        }

        o.Raw("}\n"u8);
    }

    private static void WriteMember<TOutput>(ref TOutput o, string? name, string? age, string? zip, int? port) where TOutput : IFrameOutput, allows ref struct
    {
        o.Raw(",\"name\":"u8);
        o.Text(name ?? PeerDefaults.Name);
        o.Raw(",\"age\":"u8);
        o.Text(age ?? PeerDefaults.Age);
        o.Raw(",\"zip\":"u8);
        o.Text(zip ?? PeerDefaults.Zip);
        WritePort(ref o, port ?? 0); // no valid listen port: "0", which every receiver reads as invalid
    }

    private static void WritePort<TOutput>(ref TOutput o, int port) where TOutput : IFrameOutput, allows ref struct
    {
        Span<byte> digits = stackalloc byte[16];
        port.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        o.Raw(",\"port\":\""u8);
        o.Raw(digits[..written]);
        o.Raw("\""u8);
    }

    private interface IFrameOutput
    {
        void Raw(scoped ReadOnlySpan<byte> bytes);

        /// <summary>A JSON string literal of <paramref name="text"/> (<see cref="JsonString"/>).</summary>
        void Text(string text);
    }

    private struct FrameLength : IFrameOutput
    {
        public long Length;

        public void Raw(scoped ReadOnlySpan<byte> bytes) => Length += bytes.Length;

        public void Text(string text) => Length += JsonString.Length(text);
    }

    private ref struct FrameBytes(Span<byte> destination) : IFrameOutput
    {
        private readonly Span<byte> _destination = destination;

        public int Written { get; private set; }

        public void Raw(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_destination[Written..]);
            Written += bytes.Length;
        }

        public void Text(string text) => Written += JsonString.Write(text, _destination[Written..]);
    }
}
