using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Input;

namespace PeerChat.Tui.Tests;

/// <summary>Bracketed pastes into the input line, as the terminal sends them.</summary>
public sealed partial class ScreenTests
{
    private static List<string?> Messages(BlockingRawPeer raw, int count) =>
        Enumerable.Range(0, count).Select(_ => raw.Expect("message").GetProperty("message").GetString()).ToList();

    [Fact]
    public void Paste_of_three_lines_sends_each_line_in_order()
    {
        var screen = Start();
        var raw = JoinRaw(screen);

        screen.Paste("first line", "second line", "third line");

        Assert.Equal(["first line", "second line", "third line"], Messages(raw, 3));
        screen.WaitForText("<Me> third line");
        Assert.Equal("", screen.InputText);
    }

    [Fact]
    public void Paste_of_more_than_three_lines_asks_first_and_Enter_sends_them()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        var lines = Enumerable.Range(1, 12).Select(i => $"line {i}").ToArray();

        screen.Paste(lines);
        screen.WaitForText("paste 12 lines? Enter sends them, Esc does not");
        screen.Send("\r");

        Assert.Equal(lines, Messages(raw, 12));
    }

    [Fact]
    public void Esc_on_a_paste_question_sends_nothing_and_keeps_the_lines_in_the_history()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        screen.Type("draft");

        screen.Paste("one", "two", "three", "four");
        screen.WaitForText("paste 4 lines?");
        screen.Send(TerminalBytes.Esc);
        screen.Idle(); // a lone ESC is Esc once the parser stops waiting for more

        screen.WaitForText("not sent: the 4 pasted lines (↑ brings them back one by one)");
        Assert.Equal("draft", screen.InputText);
        screen.Press(Key.CursorUp);
        Assert.Equal("four", screen.InputText);
        screen.Press(Key.CursorUp);
        Assert.Equal("three", screen.InputText);

        // The first message the peer gets is one typed after the Esc: the paste never went out.
        screen.Window.Input.Text = "";
        screen.Enter("after");
        Assert.Equal("after", raw.Expect("message").GetProperty("message").GetString());
    }

    [Fact]
    public void Pasted_lines_join_the_text_typed_around_the_cursor()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        screen.Type("look: ]");
        screen.Press(Key.CursorLeft);

        screen.Paste("[a", "b");

        Assert.Equal(["look: [a", "b]"], Messages(raw, 2));
    }

    [Fact]
    public void Pasted_line_starting_with_a_slash_is_sent_as_text()
    {
        var screen = Start();
        var raw = JoinRaw(screen);

        screen.Paste("/quit is how you leave", "ok?");

        Assert.Equal(["/quit is how you leave", "ok?"], Messages(raw, 2));
        Assert.False(screen.Model.Quitting);
    }

    [Fact]
    public void Paste_of_one_line_goes_in_at_the_cursor_and_is_not_sent()
    {
        var screen = Start();
        screen.Type("hello !");
        screen.Press(Key.CursorLeft);

        screen.Paste("world");

        Assert.Equal("hello world!", screen.InputText);
    }
}
