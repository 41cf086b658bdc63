using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using System.Text;

namespace PeerChat.Protocol;

/// <summary>
/// A JSON string literal (quotes included) written as raw UTF-8: only what JSON requires is escaped —
/// <c>"</c>, <c>\</c> and the control characters U+0000..U+001F (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\b</c>,
/// <c>\f</c> in their short form, the rest as <c>\u00XX</c>). A lone surrogate, which UTF-8 cannot carry,
/// is written as U+FFFD. <see cref="Length"/> is exactly what <see cref="Write"/> writes.
/// </summary>
public static class JsonString
{
    // Pieces of a run of unescaped text are transcoded one at a time, so a destination span is never
    // asked for more than 3 bytes per char of one piece.
    private const int PieceLength = 1 << 16;

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>Bytes of the literal of <paramref name="text"/>, both quotes included.</summary>
    public static long Length(ReadOnlySpan<char> text)
    {
        long length = 2;
        while (true)
        {
            int next = JsonEscapes.IndexOf(text);
            ReadOnlySpan<char> run = next < 0 ? text : text[..next];
            while (!run.IsEmpty)
            {
                ReadOnlySpan<char> piece = Piece(run);
                length += Encoding.UTF8.GetByteCount(piece); // a lone surrogate counts as U+FFFD: 3 bytes
                run = run[piece.Length..];
            }

            if (next < 0) return length;
            length += EscapeLength(text[next]);
            text = text[(next + 1)..];
        }
    }

    /// <summary>Writes the literal of <paramref name="text"/> at the start of <paramref name="destination"/>.</summary>
    /// <returns>The bytes written (<see cref="Length"/> of the text).</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Write(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int at = 0;
        destination[at++] = (byte)'"';
        while (true)
        {
            int next = JsonEscapes.IndexOf(text);
            ReadOnlySpan<char> run = next < 0 ? text : text[..next];
            while (!run.IsEmpty)
            {
                ReadOnlySpan<char> piece = Piece(run);
                OperationStatus status = Utf8.FromUtf16(piece, destination[at..], out _, out int written, replaceInvalidSequences: true);
                if (status != OperationStatus.Done) throw new ArgumentException("Destination too short.", nameof(destination));
                at += written;
                run = run[piece.Length..];
            }

            if (next < 0) break;
            at += WriteEscape(text[next], destination[at..]);
            text = text[(next + 1)..];
        }

        destination[at++] = (byte)'"';
        return at;
    }

    /// <summary>The next at most <see cref="PieceLength"/> chars of <paramref name="run"/>, never ending between the halves of a pair.</summary>
    private static ReadOnlySpan<char> Piece(ReadOnlySpan<char> run)
    {
        if (run.Length <= PieceLength) return run;
        int end = PieceLength;
        if (char.IsHighSurrogate(run[end - 1]) && char.IsLowSurrogate(run[end])) end--;
        return run[..end];
    }

    private static int EscapeLength(char c) => c is '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' ? 2 : 6;

    private static int WriteEscape(char c, Span<byte> destination)
    {
        byte shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            '\b' => (byte)'b',
            '\f' => (byte)'f',
            _ => 0,
        };
        destination[0] = (byte)'\\';
        if (shortForm != 0)
        {
            destination[1] = shortForm;
            return 2;
        }

        // Only U+0000..U+001F get here.
        destination[1] = (byte)'u';
        destination[2] = (byte)'0';
        destination[3] = (byte)'0';
        destination[4] = HexDigits[c >> 4];
        destination[5] = HexDigits[c & 0xF];
        return 6;
    }
}
