using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace PeerChat.App.Tui;

/// <summary>
/// The input line. Keys the chat needs are taken before the text field sees them (see
/// <see cref="ChatWindow.HandleKey"/>); then readline's editing keys (<see cref="Edits"/>, done by
/// <see cref="LineEditor"/>); the rest is the text field's. A paste of several lines goes to
/// <see cref="ChatWindow.Paste"/>, one line to the cursor.
/// </summary>
internal sealed class InputField : TextField
{
    /// <summary>Readline's keys. Alt+Backspace comes as ESC DEL or, from terminals whose Backspace sends ^H, ESC ^H.</summary>
    public static readonly IReadOnlyList<(Key Key, LineEdit Edit)> Edits =
    [
        (Key.A.WithCtrl, LineEdit.Start),
        (Key.E.WithCtrl, LineEdit.End),
        (Key.B.WithAlt, LineEdit.WordBack),
        (Key.F.WithAlt, LineEdit.WordForward),
        (Key.U.WithCtrl, LineEdit.KillToStart),
        (Key.K.WithCtrl, LineEdit.KillToEnd),
        (Key.W.WithCtrl, LineEdit.KillBackToSpace),
        (Key.Backspace.WithAlt, LineEdit.KillWordBack),
        (Key.H.WithCtrl.WithAlt, LineEdit.KillWordBack),
        (Key.D.WithAlt, LineEdit.KillWordForward),
        (Key.Y.WithCtrl, LineEdit.Yank),
    ];

    private readonly ChatWindow _window;
    private readonly LineEditor _editor = new();

    public InputField(ChatWindow window) => _window = window;

    protected override bool OnKeyDown(Key key)
    {
        foreach (var (bound, edit) in Edits)
        {
            if (key != bound) continue;
            Apply(edit);
            return true;
        }
        _editor.Interrupt();
        if (_window.HandleKey(key)) return true;
        // Esc does nothing here, so an Alt key the line does not use is Esc then the key (a
        // terminal sends both as ESC and the key): the key counts, as if Esc had come on its own.
        if (key.IsAlt && !key.IsModifierOnly) return NewKeyDownEvent(WithoutEsc(key));
        return base.OnKeyDown(key);
    }

    private void Apply(LineEdit edit)
    {
        var text = Text ?? "";
        var edited = _editor.Apply(edit, text, TextIndex.CharIndex(text, InsertionPoint));
        if (edited.Text != text) Text = edited.Text;
        InsertionPoint = TextIndex.ElementIndex(edited.Text, edited.Cursor);
    }

    /// <summary>The key typed after Esc. ESC with a control character reads as Ctrl+Alt+letter: ^M and ^J are Enter, ^I is Tab.</summary>
    private static Key WithoutEsc(Key key)
    {
        var plain = key.NoAlt;
        if (plain == Key.M.WithCtrl || plain == Key.J.WithCtrl) return Key.Enter;
        if (plain == Key.I.WithCtrl) return Key.Tab;
        return plain;
    }

    /// <summary>Keeps the line ends (<see cref="TextField"/> keeps only the first line).</summary>
    protected override string OnSanitizingPaste(string raw) => PastedText.Clean(raw);

    protected override bool OnPaste(string text)
    {
        if (!text.Contains('\n') && !_window.AskingAboutPaste) return base.OnPaste(text);
        var current = Text ?? "";
        var cursor = TextIndex.CharIndex(current, InsertionPoint);
        _window.Paste(current[..cursor], text, current[cursor..]);
        return true;
    }
}
