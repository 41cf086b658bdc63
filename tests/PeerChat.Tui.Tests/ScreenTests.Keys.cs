using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Input;

namespace PeerChat.Tui.Tests;

/// <summary>The input line's readline keys, and keys typed at once after Esc or an Alt key, as a terminal sends them.</summary>
public sealed partial class ScreenTests
{
    /// <summary>Types <paramref name="text"/>, then presses each of <paramref name="keys"/>.</summary>
    private static void TypeThenPress(ScreenHarness screen, string text, params Key[] keys)
    {
        screen.Type(text);
        foreach (var key in keys) screen.Press(key);
    }

    private static int Cursor(ScreenHarness screen) => screen.Window.Input.InsertionPoint;

    [Fact]
    public void Ctrl_A_moves_to_the_start_of_the_line_and_selects_nothing()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        TypeThenPress(screen, "world", Key.A.WithCtrl);
        Assert.Equal(0, Cursor(screen));

        screen.Enter("hello ");

        Assert.Equal("hello world", raw.Expect("message").GetProperty("message").GetString());
    }

    [Fact]
    public void Ctrl_E_moves_to_the_end_of_the_line()
    {
        var screen = Start();
        TypeThenPress(screen, "hello", Key.A.WithCtrl, Key.E.WithCtrl);
        screen.Type("!");
        Assert.Equal("hello!", screen.InputText);
    }

    [Fact]
    public void Ctrl_U_kills_from_the_start_to_the_cursor()
    {
        var screen = Start();
        TypeThenPress(screen, "wrong start|keep", Key.CursorLeft, Key.CursorLeft, Key.CursorLeft, Key.CursorLeft, Key.CursorLeft, Key.U.WithCtrl);
        Assert.Equal("|keep", screen.InputText);
        Assert.Equal(0, Cursor(screen));
    }

    [Fact]
    public void Ctrl_K_kills_from_the_cursor_to_the_end()
    {
        var screen = Start();
        TypeThenPress(screen, "keep this| not this", Key.A.WithCtrl, Key.F.WithAlt, Key.F.WithAlt, Key.K.WithCtrl);
        Assert.Equal("keep this", screen.InputText);
    }

    [Fact]
    public void Ctrl_W_kills_back_to_the_previous_space()
    {
        var screen = Start();
        TypeThenPress(screen, "see src/Tui/ChatWindow.cs", Key.W.WithCtrl);
        Assert.Equal("see ", screen.InputText);
    }

    [Fact]
    public void Alt_Backspace_kills_the_previous_word_only()
    {
        var screen = Start();
        TypeThenPress(screen, "see src/Tui/ChatWindow.cs", Key.Backspace.WithAlt);
        Assert.Equal("see src/Tui/ChatWindow.", screen.InputText);
    }

    [Fact]
    public void Alt_B_and_Alt_F_move_by_word()
    {
        var screen = Start();
        TypeThenPress(screen, "one two, three", Key.B.WithAlt, Key.B.WithAlt);
        Assert.Equal(4, Cursor(screen)); // before "two"
        screen.Press(Key.F.WithAlt);
        Assert.Equal(7, Cursor(screen)); // after "two"
        screen.Type("!");
        Assert.Equal("one two!, three", screen.InputText);
    }

    [Fact]
    public void Ctrl_Y_yanks_back_what_was_killed_last()
    {
        var screen = Start();
        TypeThenPress(screen, "hello world", Key.W.WithCtrl, Key.A.WithCtrl, Key.Y.WithCtrl);
        Assert.Equal("worldhello ", screen.InputText);
    }

    [Fact]
    public void Kills_in_a_row_are_yanked_back_together()
    {
        var screen = Start();
        TypeThenPress(screen, "one two three", Key.W.WithCtrl, Key.W.WithCtrl);
        Assert.Equal("one ", screen.InputText);
        screen.Press(Key.Y.WithCtrl);
        Assert.Equal("one two three", screen.InputText);
    }

    [Fact]
    public void Keys_typed_at_once_after_Alt_B_all_count()
    {
        var screen = Start();
        screen.Send("hello world");
        screen.Send(TerminalBytes.Esc + "b" + "1234"); // Alt+B and 1234 within the parser's 50 ms
        screen.Idle();
        Assert.Equal("hello 1234world", screen.InputText);
    }

    [Fact]
    public void Enter_at_once_after_Alt_Backspace_sends_the_line()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        screen.Send("keep this typo");
        screen.Send(TerminalBytes.Esc + "\u007f" + "\r"); // Alt+Backspace (ESC DEL), then Enter
        screen.Idle();
        Assert.Equal("keep this ", raw.Expect("message").GetProperty("message").GetString());
    }

    [Fact]
    public void Alt_Backspace_from_the_terminal_kills_a_word()
    {
        var screen = Start();
        screen.Send("two words" + TerminalBytes.Esc + "\u007f");
        screen.Idle();
        Assert.Equal("two ", screen.InputText);
    }

    [Fact]
    public void Keys_typed_at_once_after_Esc_all_count()
    {
        var screen = Start();
        screen.Send(TerminalBytes.Esc + "1234");
        screen.Idle();
        Assert.Equal("1234", screen.InputText);
    }

    [Fact]
    public void Cursor_keys_after_an_Alt_key_still_move_the_cursor()
    {
        var screen = Start();
        screen.Send("abc");
        screen.Send(TerminalBytes.Esc + "b" + "x" + TerminalBytes.Esc + "[D" + "y"); // Alt+B, x, Left, y
        screen.Idle();
        Assert.Equal("yxabc", screen.InputText);
    }

    [Fact]
    public void A_terminal_reply_nobody_asked_for_types_nothing()
    {
        var screen = Start();
        screen.Send("ok" + TerminalBytes.Esc + "[?64;1;2c"); // a device-attributes reply
        screen.Idle();
        Assert.Equal("ok", screen.InputText);
    }
}
