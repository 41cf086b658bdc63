using PeerChat.App.Tui;

namespace PeerChat.Tui.Tests;

/// <summary>What a paste becomes before it is sent: its lines, cleaned.</summary>
public sealed class PastedTextTests
{
    [Fact]
    public void Every_kind_of_line_end_becomes_one_line_break() =>
        Assert.Equal("a\nb\nc\nd", PastedText.Clean("a\r\nb\rc\nd"));

    [Fact]
    public void Control_characters_are_dropped_and_a_tab_becomes_spaces() =>
        Assert.Equal("ab    c", PastedText.Clean("a\u001b\u0007b\tc\u007f\u009b"));

    [Fact]
    public void Lines_put_the_paste_in_at_the_cursor_and_leave_out_blank_lines() =>
        Assert.Equal(["typed first", "second", "last typed"], PastedText.Lines("typed ", "first\n\n  \nsecond\nlast", " typed"));

    [Fact]
    public void A_line_starting_with_a_slash_is_escaped_as_a_message()
    {
        Assert.Equal("//quit", PastedText.AsMessage("/quit"));
        Assert.Equal("not /quit", PastedText.AsMessage("not /quit"));
    }
}
