using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeerChat.Protocol;

public static partial class PeerCodec
{
    // Strings longer than this are written in segments: Utf8JsonWriter refuses single values above ~166M chars.
    private const int SegmentedStringThreshold = 1 << 20;
    private const int SegmentLength = 1 << 16;
    private const int RetainedEncodeBufferLimit = 64 * 1024;

    // A TCP wire, not HTML: only what JSON requires (quotes, backslash, control chars) is escaped.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonEncodedText TypeKey = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText NameKey = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText AgeKey = JsonEncodedText.Encode("age");
    private static readonly JsonEncodedText ZipKey = JsonEncodedText.Encode("zip");
    private static readonly JsonEncodedText PortKey = JsonEncodedText.Encode("port");
    private static readonly JsonEncodedText PeersKey = JsonEncodedText.Encode("peers");
    private static readonly JsonEncodedText IpKey = JsonEncodedText.Encode("ip");
    private static readonly JsonEncodedText MessageKey = JsonEncodedText.Encode("message");

    private static readonly JsonEncodedText JoinType = JsonEncodedText.Encode("join");
    private static readonly JsonEncodedText JoinReplyType = JsonEncodedText.Encode("join-reply");
    private static readonly JsonEncodedText WhoType = JsonEncodedText.Encode("who");
    private static readonly JsonEncodedText WhoReplyType = JsonEncodedText.Encode("who-reply");
    private static readonly JsonEncodedText LeaveType = JsonEncodedText.Encode("leave");
    private static readonly JsonEncodedText MessageType = JsonEncodedText.Encode("message");

    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_lineBuffer;

    /// <summary>
    /// Writes <paramref name="message"/> as one compact JSON object followed by <c>\n</c>: <c>type</c> first,
    /// every number as a string. Lone surrogates in any text are written as U+FFFD. A null string field is
    /// written as its default (<see cref="PeerDefaults"/> for name/age/zip, empty otherwise).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is a <see cref="PeerMessage"/> subtype this codec does not know.</exception>
    public static void Write(PeerMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        if (message is not (Join or JoinReply or Who or WhoReply or Leave or ChatMessage))
        {
            throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }

        // Taken out of the slot while in use, so a re-entrant call (from a custom IBufferWriter) gets its own.
        Utf8JsonWriter writer = t_writer ?? new Utf8JsonWriter(DetachedOutput.Instance, WriterOptions);
        t_writer = null;
        try
        {
            writer.Reset(output);
            WriteObject(writer, message);
            writer.Flush();
        }
        finally
        {
            writer.Reset(DetachedOutput.Instance); // do not keep the caller's buffer alive
            t_writer = writer;
        }

        Span<byte> newline = output.GetSpan(1);
        newline[0] = (byte)'\n';
        output.Advance(1);
    }

    /// <summary><see cref="Write"/> into a new array: one line, ending in <c>\n</c>.</summary>
    public static byte[] EncodeLine(PeerMessage message)
    {
        ArrayBufferWriter<byte> buffer = t_lineBuffer ?? new ArrayBufferWriter<byte>(256);
        t_lineBuffer = null;
        try
        {
            Write(message, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= RetainedEncodeBufferLimit)
            {
                buffer.ResetWrittenCount();
                t_lineBuffer = buffer;
            }
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, PeerMessage message)
    {
        writer.WriteStartObject();
        switch (message)
        {
            case Join join:
                writer.WriteString(TypeKey, JoinType);
                WriteMember(writer, join.Name, join.Age, join.Zip, join.Port);
                break;
            case JoinReply reply:
                writer.WriteString(TypeKey, JoinReplyType);
                WriteMember(writer, reply.Name, reply.Age, reply.Zip, reply.Port);
                break;
            case Who:
                writer.WriteString(TypeKey, WhoType);
                break;
            case WhoReply whoReply:
                writer.WriteString(TypeKey, WhoReplyType);
                writer.WriteStartArray(PeersKey);
                IReadOnlyList<PeerAddress>? peers = whoReply.Peers;
                int count = peers?.Count ?? 0;
                for (int i = 0; i < count; i++)
                {
                    PeerAddress peer = peers![i];
                    writer.WriteStartObject();
                    WriteText(writer, IpKey, peer.Ip ?? string.Empty);
                    WritePort(writer, peer.Port);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case Leave:
                writer.WriteString(TypeKey, LeaveType);
                break;
            case ChatMessage chat:
                writer.WriteString(TypeKey, MessageType);
                WriteText(writer, MessageKey, chat.Text ?? string.Empty);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter writer, string? name, string? age, string? zip, int? port)
    {
        WriteText(writer, NameKey, name ?? PeerDefaults.Name);
        WriteText(writer, AgeKey, age ?? PeerDefaults.Age);
        WriteText(writer, ZipKey, zip ?? PeerDefaults.Zip);
        WritePort(writer, port ?? 0); // no valid listen port: "0", which every receiver reads as invalid
    }

    private static void WritePort(Utf8JsonWriter writer, int port)
    {
        Span<byte> digits = stackalloc byte[16];
        port.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        writer.WriteString(PortKey, digits[..written]);
    }

    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText key, string value)
    {
        value = Utf16Text.Sanitize(value);
        if (value.Length <= SegmentedStringThreshold)
        {
            writer.WriteString(key, value);
            return;
        }

        writer.WritePropertyName(key);
        ReadOnlySpan<char> rest = value;
        while (rest.Length > SegmentLength)
        {
            // The writer carries a surrogate pair split between segments over to the next one.
            writer.WriteStringValueSegment(rest[..SegmentLength], isFinalSegment: false);
            rest = rest[SegmentLength..];
        }

        writer.WriteStringValueSegment(rest, isFinalSegment: true);
    }

    /// <summary>Where the cached writer points between calls; it is never written to.</summary>
    private sealed class DetachedOutput : IBufferWriter<byte>
    {
        public static readonly DetachedOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("Detached writer used.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("Detached writer used.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("Detached writer used.");
    }
}
