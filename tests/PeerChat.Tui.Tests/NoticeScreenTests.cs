using System.Globalization;
using PeerChat.App.Tui;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;

namespace PeerChat.Tui.Tests;

/// <summary>
/// Noticing what matters, on the real screen (headless Terminal.Gui, a real node, raw socket peers):
/// the highlight in the cells, the bell and title as written to the terminal, focus reports through
/// Terminal.Gui's own input parser, the read marker and day line on screen, the peers table.
/// </summary>
[Collection(nameof(ScreenTests))]
public sealed class NoticeScreenTests : IDisposable
{
    private const string Osc = "\u001b]0;";
    private readonly List<IDisposable> _cleanup = [];
    private static int _nextRawPort = 41001;

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
    }

    private ScreenHarness Start(bool bell = true, int columns = 100)
    {
        var screen = ScreenHarness.Start("Me", columns, tui: new TuiSettings { LogPath = "", Bell = bell });
        _cleanup.Add(screen);
        return screen;
    }

    private BlockingRawPeer Join(ScreenHarness screen, string name = "Raw", string age = "30", string zip = "11111")
    {
        var raw = BlockingRawPeer.Join(screen.Port, name, age, zip, Interlocked.Increment(ref _nextRawPort));
        _cleanup.Add(raw);
        screen.WaitForText($"{name} joined");
        return raw;
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public void A_mention_is_highlighted_on_screen_rings_the_bell_once_and_puts_the_count_in_the_title()
    {
        var screen = Start();
        var raw = Join(screen);
        Assert.Contains(Osc + "PeerChat: Me", screen.TerminalOutput.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TerminalSignals.Bell, screen.TerminalOutput.ToString(), StringComparison.Ordinal);

        raw.Say("hi me, are you there?");
        screen.WaitForText("<Raw> hi me, are you there?");

        var output = screen.TerminalOutput.ToString();
        Assert.Equal(1, Count(output, TerminalSignals.Bell));
        Assert.EndsWith(Osc + "(1) PeerChat: Me\u001b\\" + TerminalSignals.Bell, output, StringComparison.Ordinal);
        var row = screen.RowOf("hi me, are you there?");
        var column = screen.ScreenLines[row].IndexOf("hi me", StringComparison.Ordinal);
        Assert.Equal(new Color(ColorName16.BrightYellow), screen.App.Driver!.Contents![row, column].Attribute!.Value.Background);

        raw.Say("nothing for you");
        screen.WaitForText("<Raw> nothing for you");
        Assert.Equal(1, Count(screen.TerminalOutput.ToString(), TerminalSignals.Bell));
    }

    [Fact]
    public void Typing_a_key_reads_the_mentions_and_the_title_loses_its_count()
    {
        var screen = Start();
        var raw = Join(screen);
        raw.Say("me: ping");
        screen.WaitUntil(() => screen.TerminalOutput.ToString().Contains("(1) PeerChat: Me"), "the count in the title");

        screen.Type("x");
        screen.Pump();

        Assert.EndsWith(Osc + "PeerChat: Me\u001b\\", screen.TerminalOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_bell_off_a_mention_counts_in_the_title_but_never_rings()
    {
        var screen = Start(bell: false);
        var raw = Join(screen);
        raw.Say("me: ping");
        screen.WaitForText("<Raw> me: ping");
        var output = screen.TerminalOutput.ToString();
        Assert.Contains("(1) PeerChat: Me", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TerminalSignals.Bell, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Focus_reports_are_asked_for_while_the_screen_runs_and_switched_off_after()
    {
        var screen = Start();
        Assert.StartsWith(TerminalSignals.FocusReportsOn, screen.TerminalOutput.ToString(), StringComparison.Ordinal);
        screen.End();
        Assert.EndsWith(TerminalSignals.FocusReportsOff, screen.TerminalOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Back_in_the_terminal_the_read_marker_shows_where_you_left_off_and_the_mentions_are_read()
    {
        var screen = Start();
        var raw = Join(screen);
        raw.Say("before you left");
        screen.WaitForText("<Raw> before you left");

        screen.TerminalSends(TerminalSignals.FocusOut);
        raw.Say("while you were away, me");
        raw.Say("and more");
        screen.WaitForText("<Raw> and more");
        Assert.Equal(-1, screen.RowOf("── new ─"));
        Assert.Contains("(1) PeerChat: Me", screen.TerminalOutput.ToString(), StringComparison.Ordinal);

        screen.TerminalSends(TerminalSignals.FocusIn);

        var marker = screen.RowOf("── new ─");
        Assert.True(marker > 0, screen.Screen);
        Assert.Contains("<Raw> before you left", screen.ScreenLines[marker - 1]);
        Assert.Contains("<Raw> while you were away, me", screen.ScreenLines[marker + 1]);
        Assert.EndsWith(Osc + "PeerChat: Me\u001b\\", screen.TerminalOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal("", screen.InputText); // the reports are not typed into the input line
    }

    [Fact]
    public void The_log_opens_with_todays_date()
    {
        var before = DateTime.Now;
        var screen = Start();
        var after = DateTime.Now;
        screen.WaitForText("listening on");
        var dates = new[] { before, after }.Select(d => "── " + d.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture) + " ──");
        var top = screen.ScreenLines[1];
        Assert.Contains(dates, d => top.StartsWith(d, StringComparison.Ordinal));
        Assert.Contains("listening on", screen.ScreenLines[2]);
    }

    [Fact]
    public void Peers_are_listed_in_columns_that_line_up()
    {
        var screen = Start(columns: 120);
        Join(screen, "Bo", "7", "02139");
        Join(screen, "Bartholomew", "104", "12345");

        screen.Enter("/peers");
        screen.WaitForText("2 peers:");

        var lines = screen.ScreenLines;
        var header = lines[screen.RowOf("--   name ")];
        var bo = lines[screen.RowOf("--   Bo ")];
        var bart = lines[screen.RowOf("--   Bartholomew ")];
        foreach (var (cell, row) in new[] { ("address", header), ("127.0.0.1:", bo), ("127.0.0.1:", bart) })
            Assert.Equal(header.IndexOf("address", StringComparison.Ordinal), row.IndexOf(cell, StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("age", StringComparison.Ordinal) + 2, bo.IndexOf(" 7 ", StringComparison.Ordinal) + 1); // ages line up on the right
    }

    [Fact]
    public void Any_key_counts_as_looking_even_enter_on_an_empty_line()
    {
        var screen = Start();
        var raw = Join(screen);
        raw.Say("me?");
        screen.WaitUntil(() => screen.Model.Mentions.Unread == 1, "the mention");
        screen.Press(Key.Enter);
        Assert.Equal(0, screen.Model.Mentions.Unread);
    }
}
