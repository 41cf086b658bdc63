using System.Buffers;
using System.Globalization;
using System.Text;

namespace PeerChat.App.Tui;

/// <summary>The readline edits the input line offers (the keys are in <see cref="InputField"/>).</summary>
internal enum LineEdit
{
    /// <summary>Ctrl+A: to the start of the line.</summary>
    Start,
    /// <summary>Ctrl+E: to the end of the line.</summary>
    End,
    /// <summary>Alt+B: back to the start of this or the previous word.</summary>
    WordBack,
    /// <summary>Alt+F: forward to the end of this or the next word.</summary>
    WordForward,
    /// <summary>Ctrl+U: kill from the start of the line to the cursor.</summary>
    KillToStart,
    /// <summary>Ctrl+K: kill from the cursor to the end of the line.</summary>
    KillToEnd,
    /// <summary>Ctrl+W: kill back to the previous space (readline's unix-word-rubout).</summary>
    KillBackToSpace,
    /// <summary>Alt+Backspace: kill back to the start of the word (letters and digits; readline's backward-kill-word).</summary>
    KillWordBack,
    /// <summary>Alt+D: kill forward to the end of the word.</summary>
    KillWordForward,
    /// <summary>Ctrl+Y: insert the last killed text at the cursor.</summary>
    Yank,
}

/// <summary>The input line's text and cursor (a char index into the text) after an edit.</summary>
internal readonly record struct EditedLine(string Text, int Cursor);

/// <summary>
/// Readline's line editing on a text and a cursor, without a screen. Killed text is kept for
/// Ctrl+Y; kills in a row make one piece, as in readline (Ctrl+W Ctrl+W then Ctrl+Y brings back
/// both words), and any other key (<see cref="Interrupt"/>) ends the row. Words are letters and
/// digits (with their combining marks), so the cursor never stops inside a character.
/// </summary>
internal sealed class LineEditor
{
    private bool _killing;

    /// <summary>What Ctrl+Y inserts.</summary>
    public string Killed { get; private set; } = "";

    /// <summary>A key that is not a kill: the next kill starts a new piece.</summary>
    public void Interrupt() => _killing = false;

    public EditedLine Apply(LineEdit edit, string text, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, text.Length);
        var killing = _killing;
        _killing = false;
        switch (edit)
        {
            case LineEdit.Start: return new(text, 0);
            case LineEdit.End: return new(text, text.Length);
            case LineEdit.WordBack: return new(text, WordStartBefore(text, cursor));
            case LineEdit.WordForward: return new(text, WordEndAfter(text, cursor));
            case LineEdit.KillToStart: return Kill(text, 0, cursor, killing, backward: true);
            case LineEdit.KillToEnd: return Kill(text, cursor, text.Length, killing, backward: false);
            case LineEdit.KillBackToSpace: return Kill(text, SpaceBefore(text, cursor), cursor, killing, backward: true);
            case LineEdit.KillWordBack: return Kill(text, WordStartBefore(text, cursor), cursor, killing, backward: true);
            case LineEdit.KillWordForward: return Kill(text, cursor, WordEndAfter(text, cursor), killing, backward: false);
            case LineEdit.Yank: return new(text[..cursor] + Killed + text[cursor..], cursor + Killed.Length);
            default: return new(text, cursor);
        }
    }

    private EditedLine Kill(string text, int from, int to, bool killing, bool backward)
    {
        _killing = true;
        if (to <= from) return new(text, backward ? to : from);
        var piece = text[from..to];
        // Readline joins kills in a row in reading order: a backward kill goes in front.
        Killed = !killing ? piece : backward ? piece + Killed : Killed + piece;
        return new(text[..from] + text[to..], from);
    }

    /// <summary>Back over non-word characters, then over the word: where Alt+B lands.</summary>
    private static int WordStartBefore(string text, int cursor)
    {
        var at = cursor;
        while (at > 0 && !IsWord(RuneBefore(text, at, out var size))) at -= size;
        while (at > 0 && IsWord(RuneBefore(text, at, out var size))) at -= size;
        return at;
    }

    /// <summary>Forward over non-word characters, then over the word: where Alt+F lands.</summary>
    private static int WordEndAfter(string text, int cursor)
    {
        var at = cursor;
        while (at < text.Length && !IsWord(RuneAt(text, at, out var size))) at += size;
        while (at < text.Length && IsWord(RuneAt(text, at, out var size))) at += size;
        return at;
    }

    /// <summary>Back over spaces, then over everything that is not a space: what Ctrl+W kills.</summary>
    private static int SpaceBefore(string text, int cursor)
    {
        var at = cursor;
        while (at > 0 && char.IsWhiteSpace(text[at - 1])) at--;
        while (at > 0 && !char.IsWhiteSpace(text[at - 1])) at--;
        return at;
    }

    private static bool IsWord(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static Rune RuneAt(string text, int at, out int size)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(at), out var rune, out size) != OperationStatus.Done) rune = Rune.ReplacementChar;
        return rune;
    }

    private static Rune RuneBefore(string text, int at, out int size)
    {
        if (Rune.DecodeLastFromUtf16(text.AsSpan(0, at), out var rune, out size) != OperationStatus.Done) rune = Rune.ReplacementChar;
        return rune;
    }
}
