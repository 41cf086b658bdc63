using System.Globalization;
using System.Text;

namespace PeerChat.App.Tui;

/// <summary>
/// Names and messages come from strangers. Before anything of theirs reaches the screen (or the
/// transcript) it is made inert here: every control character, escape sequence and invisible
/// direction override becomes a visible stand-in, so nothing they send can move the cursor,
/// change colours, retitle the terminal or reorder what is shown.
/// <list type="bullet">
/// <item>C0 controls and DEL: the Control Pictures block (ESC → ␛ U+241B, LF → ␊, TAB → ␉, DEL → ␡);</item>
/// <item>C1 controls (U+0080–U+009F, e.g. the 8-bit CSI U+009B): <c>\x9b</c>;</item>
/// <item>bidirectional overrides and isolates, line/paragraph separators, BOM and other invisible
///   format characters that are not part of emoji or scripts: <c>\u202e</c>;</item>
/// <item>a lone surrogate (broken UTF-16): U+FFFD.</item>
/// </list>
/// Zero-width joiners, variation selectors and combining marks are kept: emoji and scripts need them.
/// </summary>
internal static class TextSafety
{
    public const char Ellipsis = '…';

    /// <summary>
    /// The display-safe form of <paramref name="text"/>, at most <paramref name="maxChars"/> UTF-16
    /// units of the original read; anything longer ends in "…". Only the prefix is looked at, so a
    /// megabyte-long line costs no more than a short one.
    /// </summary>
    public static string Inert(string? text, int maxChars = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var limit = Math.Min(text.Length, Math.Max(1, maxChars));
        // Fast path: most chat lines are plain text and short.
        if (limit == text.Length && IsPlain(text)) return text;

        var b = new StringBuilder(limit + 8);
        var i = 0;
        while (i < limit)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (i + 1 >= limit) break; // do not split a pair at the cut
                    b.Append(c).Append(text[i + 1]);
                    i += 2;
                    continue;
                }
                b.Append('\uFFFD');
            }
            else if (char.IsLowSurrogate(c)) b.Append('\uFFFD');
            else AppendChar(b, c);
            i++;
        }
        if (i < text.Length) b.Append(Ellipsis);
        return b.ToString();
    }

    /// <summary>True when <paramref name="c"/> is shown as itself.</summary>
    public static bool IsSafe(char c) => c >= ' ' && c != '\x7f' && !(c >= '\x80' && c <= '\x9f') && !IsHiddenFormat(c) && !char.IsSurrogate(c);

    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (c >= ' ' && c < '\x7f') continue;
            if (!IsSafe(c)) return false;
        }
        return true;
    }

    private static void AppendChar(StringBuilder b, char c)
    {
        if (c < ' ') b.Append((char)(0x2400 + c)); // ␀ … ␟
        else if (c == '\x7f') b.Append('\u2421');   // ␡
        else if (c >= '\x80' && c <= '\x9f') b.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        else if (IsHiddenFormat(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        else b.Append(c);
    }

    /// <summary>
    /// Invisible characters that change how the text around them is laid out or read: direction
    /// marks, embeddings, overrides and isolates, line and paragraph separators, the BOM, and other
    /// format characters (category Cf) except the joiners and the soft hyphen.
    /// </summary>
    private static bool IsHiddenFormat(char c)
    {
        if (c < '\u00ad') return false;
        if (c is '\u200c' or '\u200d' or '\u00ad') return false; // ZWNJ, ZWJ (emoji, Indic scripts), soft hyphen
        if (c is '\u2028' or '\u2029') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
    }
}
