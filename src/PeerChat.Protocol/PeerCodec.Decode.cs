using System.Buffers.Text;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using System.Text;

namespace PeerChat.Protocol;

/// <summary>Turns one line into a <see cref="PeerMessage"/> and back.</summary>
public static partial class PeerCodec
{
    // Longest string value read into a stack buffer for a type name, number or IP (raw, escaped length).
    private const int ScratchSize = 128;
    private const int MaxZipDigits = 10;
    private const long MaxZipNumber = 9_999_999_999;

    private static ReadOnlySpan<byte> PlainMessagePrefix => "{\"type\":\"message\",\"message\":\""u8;

    /// <summary>
    /// The text of a <c>{"type":"message","message":"…"}</c> line written exactly as PeerChat writes it,
    /// with text that needs no unescaping: the common case, read without a JSON reader and without a
    /// <see cref="ChatMessage"/>. False for anything else, which <see cref="TryDecode"/> then reads the long way.
    /// </summary>
    public static bool TryDecodePlainMessage(ReadOnlySpan<byte> line, [NotNullWhen(true)] out string? text)
    {
        text = TryReadPlainMessage(line, out var content) ? Encoding.UTF8.GetString(content) : null;
        return text is not null;
    }

    /// <summary>
    /// As <see cref="TryDecodePlainMessage"/>, without making a string: <paramref name="content"/> is the
    /// text's UTF-8 as it stands between the quotes of the line, valid and free of anything JSON escapes,
    /// so it is also exactly the content of the JSON string PeerChat writes for that text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryReadPlainMessage(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content)
    {
        content = default;
        if (line.Length < PlainMessagePrefix.Length + 2 || !line.StartsWith(PlainMessagePrefix) || line[^1] != (byte)'}' || line[^2] != (byte)'"')
            return false;
        var body = line[PlainMessagePrefix.Length..^2];
        // '"', '\' or a control byte, or invalid UTF-8: the long way, which unescapes or rejects it.
        if (JsonEscapes.IndexOf(body) >= 0 || !Utf8.IsValid(body)) return false;
        content = body;
        return true;
    }

    private enum FrameType : byte { Missing, NotAString, Unknown, Join, JoinReply, Who, WhoReply, Leave, Message }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    /// <summary>
    /// Decodes one line (without its terminator). Returns false, never throws, for anything that is not
    /// one JSON object with a string <c>type</c> of a known type (or a <c>message</c> frame without a string <c>message</c>).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> line, [NotNullWhen(true)] out PeerMessage? message)
    {
        message = null;

        // {"type":"message","message":"…"} exactly as PeerChat writes it, with text that needs no
        // unescaping: the common case, decoded without a JSON reader. Anything else goes the long way.
        if (TryDecodePlainMessage(line, out var text))
        {
            message = new ChatMessage(text);
            return true;
        }

        // RFC 8259 allows ignoring a byte order mark.
        if (line.StartsWith(Utf8Bom)) line = line[Utf8Bom.Length..];

        // Cheap rejections first, so common garbage costs no exception.
        int start = line.IndexOfAnyExcept(JsonWhitespace);
        if (start < 0 || line[start] != (byte)'{') return false;

        // JSON text is UTF-8 (RFC 8259 §8.1); with this checked, reading strings cannot meet invalid bytes.
        if (!Utf8.IsValid(line)) return false;

        try
        {
            message = DecodeObject(line);
        }
        catch (JsonException)
        {
            // Malformed JSON, trailing content, nesting deeper than the reader's MaxDepth (64).
            message = null;
        }
        catch (InvalidOperationException)
        {
            message = null;
        }
        catch (ArgumentException)
        {
            message = null;
        }

        return message is not null;
    }

    private static PeerMessage? DecodeObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;

        // Key order is free ("type" may come last) and the last duplicate wins: collect, decide at the end.
        FrameType type = FrameType.Missing;
        string? name = null, age = null, zip = null, text = null;
        int? port = null;
        List<PeerAddress>? peers = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadType(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                text = reader.TokenType == JsonTokenType.String ? ReadText(ref reader) : null;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadName(ref reader);
            }
            else if (reader.ValueTextEquals("age"u8))
            {
                reader.Read();
                age = TryReadInteger(ref reader, out long value) ? value.ToString(CultureInfo.InvariantCulture) : null;
            }
            else if (reader.ValueTextEquals("zip"u8))
            {
                reader.Read();
                zip = ReadZip(ref reader);
            }
            else if (reader.ValueTextEquals("port"u8))
            {
                reader.Read();
                port = ReadPort(ref reader);
            }
            else if (reader.ValueTextEquals("peers"u8))
            {
                reader.Read();
                peers = reader.TokenType == JsonTokenType.StartArray ? ReadPeers(ref reader) : null;
            }
            else
            {
                reader.Read();
            }

            // Moves past an object or array value not consumed above (the check saves a call on the hot path).
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        }

        if (reader.TokenType != JsonTokenType.EndObject) return null;
        if (reader.Read()) return null; // another value after the object (throws on most garbage anyway)

        return type switch
        {
            FrameType.Join => new Join(name ?? PeerDefaults.Name, age ?? PeerDefaults.Age, zip ?? PeerDefaults.Zip, port),
            FrameType.JoinReply => new JoinReply(name ?? PeerDefaults.Name, age ?? PeerDefaults.Age, zip ?? PeerDefaults.Zip, port),
            FrameType.Who => Who.Instance,
            FrameType.WhoReply => new WhoReply(peers is null ? Array.Empty<PeerAddress>() : peers),
            FrameType.Leave => Leave.Instance,
            FrameType.Message => text is null ? null : new ChatMessage(text),
            _ => null,
        };
    }

    private static FrameType ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return FrameType.NotAString;

        if (!reader.ValueIsEscaped) return MatchType(reader.ValueSpan);

        Span<byte> scratch = stackalloc byte[ScratchSize];
        return TryCopySmallString(ref reader, scratch, out int length) ? MatchType(scratch[..length]) : FrameType.Unknown;
    }

    private static FrameType MatchType(ReadOnlySpan<byte> t)
    {
        // ASCII case-insensitive: the spec's own table of contents writes "Who-reply".
        return t.Length switch
        {
            3 when Ascii.EqualsIgnoreCase(t, "who"u8) => FrameType.Who,
            4 when Ascii.EqualsIgnoreCase(t, "join"u8) => FrameType.Join,
            5 when Ascii.EqualsIgnoreCase(t, "leave"u8) => FrameType.Leave,
            7 when Ascii.EqualsIgnoreCase(t, "message"u8) => FrameType.Message,
            9 when Ascii.EqualsIgnoreCase(t, "who-reply"u8) => FrameType.WhoReply,
            10 when Ascii.EqualsIgnoreCase(t, "join-reply"u8) => FrameType.JoinReply,
            _ => FrameType.Unknown,
        };
    }
}
