using System.Globalization;
using System.Buffers;
using System.Text;

namespace PeerChat.App.Tui;

/// <summary>
/// Whether a message names the user: the name as a whole word, in any case. Where the name starts or
/// ends with a letter, digit, combining mark or underscore, the text must not carry the word on there
/// ("Alice" is not in "Alicetown", "malice" or "alice_2"); where it starts or ends with punctuation
/// ("[bot]", "J.R."), that punctuation already marks the edge. Scripts written without spaces
/// between words (Chinese, Japanese, Thai) need no edge: "你好李雷" mentions 李雷. Both sides are
/// compared in Unicode normal form C, so an "é" typed as e + accent still matches.
/// </summary>
internal static class NameMention
{
    /// <summary>Whether <paramref name="name"/> occurs as a word in the first <paramref name="limit"/> characters of <paramref name="text"/>.</summary>
    public static bool In(string text, string name, int limit)
    {
        name = Composed(name.Trim());
        if (name.Length == 0) return false;
        text = Composed(text.Length > limit ? text[..limit] : text);
        var wordStart = IsWordRune(FirstRune(name));
        var wordEnd = IsWordRune(LastRune(name));
        for (var at = 0; at <= text.Length - name.Length;)
        {
            var found = text.IndexOf(name, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0) return false;
            var end = found + name.Length;
            var startsWord = !wordStart || found == 0 || !Continues(LastRune(text.AsSpan(0, found)), FirstRune(name));
            var endsWord = !wordEnd || end == text.Length || !Continues(FirstRune(text.AsSpan(end)), LastRune(name));
            if (startsWord && endsWord) return true;
            at = found + 1;
        }
        return false;
    }

    /// <summary>Whether <paramref name="neighbour"/> carries on the word whose edge is <paramref name="edge"/>.</summary>
    private static bool Continues(Rune? neighbour, Rune? edge) => IsWordRune(neighbour) && !(IsUnspaced(neighbour) && IsUnspaced(edge));

    /// <summary>Kana, CJK ideographs and Thai: scripts that do not put spaces between words.</summary>
    private static bool IsUnspaced(Rune? rune) => rune?.Value is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF
        or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF or >= 0x0E00 and <= 0x0E7F;

    private static bool IsWordRune(Rune? rune) => rune is { } r && Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    private static Rune? FirstRune(ReadOnlySpan<char> s) => Rune.DecodeFromUtf16(s, out var r, out _) == OperationStatus.Done ? r : null;

    private static Rune? LastRune(ReadOnlySpan<char> s) => Rune.DecodeLastFromUtf16(s, out var r, out _) == OperationStatus.Done ? r : null;

    /// <summary>Normal form C; text that is not valid UTF-16 (a lone surrogate from a peer) is compared as it is.</summary>
    private static string Composed(string s)
    {
        try
        {
            return s.IsNormalized() ? s : s.Normalize();
        }
        catch (ArgumentException)
        {
            return s;
        }
    }
}
