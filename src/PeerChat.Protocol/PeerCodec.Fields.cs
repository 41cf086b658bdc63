using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PeerChat.Protocol;

// Reading the fields of a frame: names, numbers as strings or JSON numbers, peer lists, text.
public static partial class PeerCodec
{
    private static string? ReadName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return null;
        string name = ReadText(ref reader);
        return string.IsNullOrWhiteSpace(name) ? null : name;
    }

    private static string? ReadZip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            // Kept as written (leading zeros matter in a zip code), only surrounding whitespace removed.
            Span<byte> scratch = stackalloc byte[ScratchSize];
            if (!TryCopySmallString(ref reader, scratch, out int length)) return null;
            ReadOnlySpan<byte> digits = scratch[..length];
            digits = digits[Ascii.Trim(digits)];
            if (digits.Length is < 1 or > MaxZipDigits || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')) return null;
            return Encoding.ASCII.GetString(digits);
        }

        return TryReadInteger(ref reader, out long value) && value <= MaxZipNumber
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    private static int? ReadPort(ref Utf8JsonReader reader) =>
        TryReadInteger(ref reader, out long value) && value is >= 1 and <= 65535 ? (int)value : null;

    /// <summary>A non-negative integer that fits in <see cref="long"/>: a JSON number (15, 15.0, 1.5e1) or a string of digits (" 015 ").</summary>
    private static bool TryReadInteger(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long whole))
                {
                    if (whole < 0) return false;
                    value = whole;
                    return true;
                }

                // Fractional notation of a whole number (15.0, 1.5e1); too big or fractional fails.
                if (reader.TryGetDecimal(out decimal number) && number >= 0 && number <= long.MaxValue && decimal.Truncate(number) == number)
                {
                    value = (long)number;
                    return true;
                }

                return false;

            case JsonTokenType.String:
                Span<byte> scratch = stackalloc byte[ScratchSize];
                if (!TryCopySmallString(ref reader, scratch, out int length)) return false;
                ReadOnlySpan<byte> digits = scratch[..length];
                return TryParseDigits(digits[Ascii.Trim(digits)], out value);

            default:
                return false;
        }
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')) return false;

        long result = 0;
        foreach (byte b in digits)
        {
            int digit = b - '0';
            if (result > (long.MaxValue - digit) / 10) return false;
            result = result * 10 + digit;
        }

        value = result;
        return true;
    }

    private static List<PeerAddress> ReadPeers(ref Utf8JsonReader reader)
    {
        var peers = new List<PeerAddress>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // not an object: dropped
                continue;
            }

            string? ip = null;
            int? port = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ip"u8))
                {
                    reader.Read();
                    ip = ReadIp(ref reader);
                }
                else if (reader.ValueTextEquals("port"u8))
                {
                    reader.Read();
                    port = ReadPort(ref reader);
                }
                else
                {
                    reader.Read();
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            }

            if (ip is not null && port is int p) peers.Add(new PeerAddress(ip, p));
        }

        return peers;
    }

    private static string? ReadIp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return null;

        Span<byte> bytes = stackalloc byte[ScratchSize];
        if (!TryCopySmallString(ref reader, bytes, out int length)) return null;
        ReadOnlySpan<byte> text = bytes[..length];
        text = text[Ascii.Trim(text)];

        Span<char> chars = stackalloc char[ScratchSize];
        if (Ascii.ToUtf16(text, chars, out int written) != OperationStatus.Done) return null;
        if (!IPAddress.TryParse(chars[..written], out IPAddress? address)) return null;

        // "::ffff:1.2.3.4" is the IPv4 peer 1.2.3.4; IPv4 is written back in plain dotted form.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }

    /// <summary>Copies a string token's unescaped UTF-8 into <paramref name="destination"/>; false if it may not fit or cannot be unescaped.</summary>
    private static bool TryCopySmallString(ref Utf8JsonReader reader, scoped Span<byte> destination, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> raw = reader.ValueSpan; // never a sequence: the reader runs over one span
        if (raw.Length > destination.Length) return false; // unescaped is never longer than raw

        if (!reader.ValueIsEscaped)
        {
            raw.CopyTo(destination);
            length = raw.Length;
            return true;
        }

        try
        {
            length = reader.CopyString(destination);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // an escaped lone surrogate such as "\uD800"
        }
    }

    /// <summary>A string token as text. Escaped lone surrogates (which a JavaScript peer may send) become U+FFFD instead of failing.</summary>
    private static string ReadText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.GetString()!; // the line is valid UTF-8: cannot throw

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return UnescapeReplacingLoneSurrogates(reader.ValueSpan);
        }
    }

    private static string UnescapeReplacingLoneSurrogates(ReadOnlySpan<byte> raw)
    {
        // Every escape and every UTF-8 sequence yields no more UTF-16 chars than it has bytes.
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(raw.Length, 1));
        try
        {
            int written = 0;
            int i = 0;
            while (i < raw.Length)
            {
                int slash = raw[i..].IndexOf((byte)'\\');
                ReadOnlySpan<byte> run = slash < 0 ? raw[i..] : raw.Slice(i, slash);
                written += Encoding.UTF8.GetChars(run, buffer.AsSpan(written));
                if (slash < 0) break;

                i += slash;
                byte escaped = raw[i + 1]; // the reader has validated every escape
                if (escaped == (byte)'u')
                {
                    _ = Utf8Parser.TryParse(raw.Slice(i + 2, 4), out ushort code, out _, 'X'); // validated by the reader
                    buffer[written++] = (char)code;
                    i += 6;
                }
                else
                {
                    buffer[written++] = escaped switch
                    {
                        (byte)'b' => '\b',
                        (byte)'f' => '\f',
                        (byte)'n' => '\n',
                        (byte)'r' => '\r',
                        (byte)'t' => '\t',
                        _ => (char)escaped, // '"', '\\', '/'
                    };
                    i += 2;
                }
            }

            Span<char> text = buffer.AsSpan(0, written);
            Utf16Text.ReplaceLoneSurrogates(text);
            return new string(text);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
