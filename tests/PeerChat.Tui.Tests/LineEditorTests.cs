using PeerChat.App.Tui;

namespace PeerChat.Tui.Tests;

/// <summary>Readline's edits on a text and cursor, without a screen ("|" marks the cursor).</summary>
public sealed class LineEditorTests
{
    private static (string Text, int Cursor) Parse(string marked) => (marked.Replace("|", ""), marked.IndexOf('|'));

    private static string Show(EditedLine line) => line.Text.Insert(line.Cursor, "|");

    private static string Edit(string marked, params LineEdit[] edits) => Edit(new LineEditor(), marked, edits);

    private static string Edit(LineEditor editor, string marked, params LineEdit[] edits)
    {
        var (text, cursor) = Parse(marked);
        var line = new EditedLine(text, cursor);
        foreach (var edit in edits) line = editor.Apply(edit, line.Text, line.Cursor);
        return Show(line);
    }

    [Theory]
    [InlineData("one two|", "one |two")]
    [InlineData("one two  |", "one |two  ")]
    [InlineData("one |two", "|one two")]
    [InlineData("a.b-c|", "a.b-|c")]
    [InlineData("|start", "|start")]
    public void Word_back_lands_on_the_start_of_the_word(string before, string after) =>
        Assert.Equal(after, Edit(before, LineEdit.WordBack));

    [Theory]
    [InlineData("|one two", "one| two")]
    [InlineData("one| two", "one two|")]
    [InlineData("end|", "end|")]
    public void Word_forward_lands_on_the_end_of_the_word(string before, string after) =>
        Assert.Equal(after, Edit(before, LineEdit.WordForward));

    [Fact]
    public void Word_moves_step_over_emoji_and_keep_combining_marks_in_the_word()
    {
        Assert.Equal("😀 |cafe\u0301 😀", Edit("😀 cafe\u0301 😀|", LineEdit.WordBack));
        Assert.Equal("😀 cafe\u0301| 😀", Edit("|😀 cafe\u0301 😀", LineEdit.WordForward));
        Assert.Equal("a |😀b", Edit("a |😀b", LineEdit.KillToStart, LineEdit.Yank));
    }

    [Fact]
    public void Kill_back_to_space_takes_everything_since_the_last_space() =>
        Assert.Equal("see |", Edit("see a/b.c|", LineEdit.KillBackToSpace));

    [Fact]
    public void Kill_word_back_stops_at_punctuation() =>
        Assert.Equal("see a/b.|", Edit("see a/b.c|", LineEdit.KillWordBack));

    [Fact]
    public void Kill_word_forward_takes_the_rest_of_the_word() =>
        Assert.Equal("one | three", Edit("one |two three", LineEdit.KillWordForward));

    [Fact]
    public void Kill_to_start_and_kill_to_end_split_at_the_cursor()
    {
        Assert.Equal("|tail", Edit("head|tail", LineEdit.KillToStart));
        Assert.Equal("head|", Edit("head|tail", LineEdit.KillToEnd));
    }

    [Fact]
    public void Yank_inserts_the_last_kill_at_the_cursor() =>
        Assert.Equal("tailhead|", Edit("head|tail", LineEdit.KillToStart, LineEdit.End, LineEdit.Yank));

    [Fact]
    public void Backward_kills_in_a_row_yank_back_in_reading_order() =>
        Assert.Equal("one two three|", Edit("one two three|", LineEdit.KillBackToSpace, LineEdit.KillBackToSpace, LineEdit.Yank));

    [Fact]
    public void Another_key_between_kills_starts_a_new_kill()
    {
        var editor = new LineEditor();
        Edit(editor, "one two|", LineEdit.KillBackToSpace);
        editor.Interrupt();
        Edit(editor, "three|", LineEdit.KillBackToSpace);
        Assert.Equal("three", editor.Killed);
    }

    [Fact]
    public void A_move_between_kills_starts_a_new_kill()
    {
        var editor = new LineEditor();
        Assert.Equal("|", Edit(editor, "one two|", LineEdit.KillBackToSpace, LineEdit.Start, LineEdit.KillToEnd));
        Assert.Equal("one ", editor.Killed);
    }
}
