using PeerChat.App.Tui;
using PeerChat.Node;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace PeerChat.Tui.Tests;

/// <summary>
/// The chat screen, headless (Terminal.Gui's ANSI driver without a terminal), on a real node on
/// loopback, with raw socket peers or a second node. The test thread is the UI thread, so the tests
/// block (never await: see <see cref="BlockingRawPeer"/>). One at a time: Terminal.Gui keeps some
/// process-wide state and the machine is small.
/// </summary>
[Collection(nameof(ScreenTests))]
[CollectionDefinition(nameof(ScreenTests), DisableParallelization = true)]
public sealed partial class ScreenTests : IDisposable
{
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
    }

    private T Track<T>(T item) where T : IDisposable
    {
        _cleanup.Add(item);
        return item;
    }

    private ScreenHarness Start(string name = "Me", int columns = 100, int rows = 30) => Track(ScreenHarness.Start(name, columns, rows));

    // Each raw peer advertises its own listen port: peers are told apart by IP and port.
    private static int _nextRawPort = 40001;

    private BlockingRawPeer JoinRaw(ScreenHarness screen, string name = "Raw", string age = "30", string zip = "11111", int? advertisedPort = null)
    {
        var raw = Track(BlockingRawPeer.Join(screen.Port, name, age, zip, advertisedPort ?? Interlocked.Increment(ref _nextRawPort)));
        var shown = LogLayout.Fit(TextSafety.Inert(name), LogEntry.MaxNameColumns);
        screen.WaitFor(s => s.Contains($"{shown} joined"), $"{shown} joining");
        return raw;
    }

    [Fact]
    public void Opens_with_the_listening_line_an_empty_peers_pane_and_the_status_bar()
    {
        var screen = Start();
        var text = screen.WaitForText($"listening on 127.0.0.1:{screen.Port}");
        Assert.Contains("Peers (0)", text);
        var lines = screen.ScreenLines;
        var status = lines.Last(l => l.Trim().Length > 0);
        Assert.Contains($"Me @ 127.0.0.1:{screen.Port}", status);
        Assert.Contains("0 peers", status);
        Assert.Contains("^Q quit", status);
        Assert.Equal(30, lines.Length);
        Assert.StartsWith(">", lines[^2]); // the input line, above the status bar
    }

    [Fact]
    public void Typed_line_is_sent_to_the_peer_and_shown_with_own_name()
    {
        var screen = Start();
        var raw = JoinRaw(screen);

        screen.Enter("hello raw peer");

        var frame = raw.Expect("message");
        Assert.Equal("hello raw peer", frame.GetProperty("message").GetString());
        screen.WaitForText("<Me> hello raw peer");
        Assert.Equal("", screen.InputText);
    }

    [Fact]
    public void Incoming_message_appears_with_time_and_sender_name()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        var before = DateTime.Now;

        raw.Say("good morning");

        var text = screen.WaitForText("<Raw> good morning");
        var after = DateTime.Now;
        var row = text.Split('\n').First(l => l.Contains("<Raw> good morning"));
        var stamp = row.TrimStart('│', '╭', '┌', ' ')[..5];
        Assert.True(stamp == before.ToString("HH:mm", CultureInfo.InvariantCulture) || stamp == after.ToString("HH:mm", CultureInfo.InvariantCulture), $"'{stamp}' is not the time now ({row})");
    }

    [Fact]
    public void Peers_pane_follows_joins_and_leaves()
    {
        var screen = Start();
        var bob = JoinRaw(screen, "Bob", "15", "12345", advertisedPort: 6123);
        var text = screen.WaitForText("Peers (1)");
        Assert.Contains("age 15 · zip 12345", text);
        Assert.Contains("127.0.0.1:6123", text);
        Assert.Contains("1 peer │", text);

        var carol = JoinRaw(screen, "Carol", "27", "02139");
        text = screen.WaitForText("Peers (2)");
        Assert.True(text.IndexOf("Bob", StringComparison.Ordinal) < text.IndexOf("Carol", StringComparison.Ordinal));
        Assert.Contains("age 27 · zip 02139", text);

        bob.Send(new { type = "leave" });
        text = screen.WaitForText("Bob left");
        text = screen.WaitForText("Peers (1)");
        Assert.DoesNotContain("age 15 · zip 12345", text);

        carol.Dispose(); // closed without leave
        screen.WaitForText("Carol disconnected");
        screen.WaitForText("Peers (0)");
    }

    [Fact]
    public void Up_and_down_walk_the_input_history_and_keep_the_draft()
    {
        var screen = Start();
        screen.Enter("first line");
        screen.Enter("second line");
        screen.Type("draft");

        screen.Press(Key.CursorUp);
        Assert.Equal("second line", screen.InputText);
        screen.Press(Key.CursorUp);
        Assert.Equal("first line", screen.InputText);
        screen.Press(Key.CursorUp);
        Assert.Equal("first line", screen.InputText); // the oldest stays
        screen.Press(Key.CursorDown);
        Assert.Equal("second line", screen.InputText);
        screen.Press(Key.CursorDown);
        Assert.Equal("draft", screen.InputText);

        // Typing goes on at the end of a recalled line.
        screen.Press(Key.CursorUp);
        screen.Type("!");
        Assert.Equal("second line!", screen.InputText);
    }

    [Fact]
    public void Tab_completes_commands_and_peer_names_and_cycles()
    {
        var screen = Start();
        JoinRaw(screen, "Bob");
        JoinRaw(screen, "Bobby");

        screen.Type("/con");
        screen.Press(Key.Tab);
        Assert.Equal("/connect ", screen.InputText);

        screen.Window.Input.Text = "";
        screen.Type("bo");
        screen.Press(Key.Tab);
        Assert.Equal("Bob: ", screen.InputText);
        screen.Press(Key.Tab);
        Assert.Equal("Bobby: ", screen.InputText);
        screen.Press(Key.Tab);
        Assert.Equal("Bob: ", screen.InputText);

        screen.Type("hi b");
        screen.Press(Key.Tab);
        Assert.Equal("Bob: hi Bob ", screen.InputText); // mid-line: no colon

        // Tab never moves the focus away from the input line.
        Assert.True(screen.Window.Input.HasFocus);
    }

    [Fact]
    public void Connect_joins_a_second_node_and_peers_lists_it()
    {
        var screen = Start();
        using var other = OtherNode.Start("Zed", age: "31", zip: "10001");

        screen.Enter($"/connect 127.0.0.1:{other.Port}");
        screen.WaitForText($"joining 127.0.0.1:{other.Port}");
        screen.WaitForText("Zed joined");
        other.Expect<PeerJoined>(j => j.Peer.Name == "Me");

        screen.Enter("/peers");
        var text = screen.WaitForText("1 peer:");
        Assert.Contains($"Zed    31  10001  127.0.0.1:{other.Port}", text);

        screen.Enter("/who");
        screen.WaitFor(s => CountOf(s, "1 peer:") == 2, "a second list");
    }

    [Fact]
    public void Zip_and_age_list_only_the_matching_members()
    {
        var screen = Start(rows: 40);
        JoinRaw(screen, "Ann", "31", "10001");
        JoinRaw(screen, "Ben", "40", "10001");
        JoinRaw(screen, "Cat", "31", "20002");

        screen.Enter("/zip 10001");
        var text = screen.WaitForText("2 peers in zip 10001:");
        Assert.Contains("Ann    31  10001", text);
        Assert.Contains("Ben    40  10001", text);

        screen.Enter("/age 31");
        text = screen.WaitForText("2 peers aged 31:");
        Assert.Contains("Cat    31  20002", text);

        screen.Enter("/zip 99999");
        screen.WaitForText("no peers in zip 99999");
    }

    [Fact]
    public void Leave_says_leave_to_every_peer_and_keeps_running()
    {
        var screen = Start();
        var raw = JoinRaw(screen);

        screen.Enter("/leave");

        raw.Expect("leave");
        screen.WaitForText("left the network (said leave to 1 peer)");
        screen.WaitForText("Peers (0)");
        Assert.False(screen.Window.StopRequested);

        // And it can join again.
        var again = JoinRaw(screen, "Again");
        screen.WaitForText("Peers (1)");
    }

    [Fact]
    public void Help_lists_the_commands_and_keys()
    {
        var screen = Start(rows: 40);
        screen.Enter("/help");
        var text = screen.WaitForText("commands:");
        foreach (var command in new[] { "/connect HOST:PORT", "/peers", "/who HOST:PORT|NAME", "/nick NAME", "/clear", "/zip N", "/age N", "/leave", "/quit", "/help" })
            Assert.Contains(command, text);
        Assert.Contains("Ctrl+Q quit", text);
        Assert.Contains("Ctrl+U/Ctrl+K kill to start/end", text);
        Assert.Equal("", screen.InputText);
    }

    [Fact]
    public void Unknown_command_shows_a_hint_is_not_sent_and_keeps_the_typed_text()
    {
        var screen = Start();
        var raw = JoinRaw(screen);

        screen.Enter("/frobnicate now");

        screen.WaitForText("unknown command '/frobnicate' (not sent; /help lists the"); // the rest wraps
        Assert.Equal("/frobnicate now", screen.InputText);
        Assert.True(raw.NothingOfType("message", TimeSpan.FromMilliseconds(300)));
    }

    [Theory]
    [InlineData("/connect", "/connect needs an address: /connect HOST:PORT")]
    [InlineData("/connect nowhere", "is not HOST:PORT")]
    [InlineData("/connect 127.0.0.1:99999", "the port must be a number from 1 to 65535")]
    [InlineData("/zip ten", "/zip needs a zip code, digits only: /zip N")]
    [InlineData("/age", "/age needs an age, a whole number: /age N")]
    [InlineData("/peers all", "/peers takes nothing after it")]
    public void Bad_arguments_say_what_was_expected_and_keep_the_input(string line, string expected)
    {
        var screen = Start(columns: 160);
        screen.Enter(line);
        screen.WaitForText(expected);
        Assert.Equal(line, screen.InputText);
    }

    [Fact]
    public void Unreachable_address_is_one_error_line_and_the_chat_goes_on()
    {
        var screen = Start();
        var port = ClosedPort();
        screen.Enter($"/connect 127.0.0.1:{port}");
        var text = screen.WaitForText($"!! cannot join 127.0.0.1:{port}");
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("   at ", text);
        screen.Enter("still here");
        screen.WaitForText("<Me> still here");
    }

    [Fact]
    public void Escape_sequences_and_control_characters_in_a_message_are_shown_inert()
    {
        var screen = Start();
        var raw = JoinRaw(screen, "Evil\u001b]0;pwned\u0007");

        raw.Say("\u001b[2J\u001b[31mred\u001b[0m\u009b1m bell\u0007 rtl\u202egnp.exe");

        var text = screen.WaitForText("red");
        Assert.Contains("␛[2J␛[31mred␛[0m\\x9b1m bell␇ rtl\\u202egnp.exe", text);
        Assert.Contains("Evil␛]0;pwned␇", text); // in the log and the peers pane
        var cells = screen.AllCellText();
        Assert.DoesNotContain('\u001b', cells);
        Assert.DoesNotContain('\u0007', cells);
        Assert.DoesNotContain('\u009b', cells);
        Assert.DoesNotContain('\u202e', cells);
    }

    [Fact]
    public void Esc_does_not_quit_and_keeps_the_typed_text()
    {
        var screen = Start();
        screen.Type("half a thought");
        screen.Press(Key.Esc);
        screen.Press(Key.Esc);
        screen.Pump();
        Assert.False(screen.Window.StopRequested);
        Assert.Equal("half a thought", screen.InputText);
    }

    [Fact]
    public void Ctrl_Q_says_leave_to_every_peer_then_stops()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        var other = JoinRaw(screen, "Other");

        screen.Press(Key.Q.WithCtrl);
        screen.Pump();
        Assert.True(screen.Model.Quitting);

        raw.Expect("leave");
        other.Expect("leave");
        screen.WaitUntil(() => screen.Window.StopRequested, "the screen to stop after leaving");
        Assert.Contains("quitting", screen.Screen);
    }

    [Fact]
    public void Quit_command_does_the_same_as_Ctrl_Q()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        screen.Enter("/quit");
        raw.Expect("leave");
        screen.WaitUntil(() => screen.Window.StopRequested, "the screen to stop");
    }

    [Fact]
    public void Text_being_typed_is_untouched_while_messages_arrive()
    {
        var screen = Start();
        var raw = JoinRaw(screen);
        screen.Type("half typ");
        for (var i = 0; i < 50; i++) raw.Say($"noise {i}");
        screen.WaitForText("noise 49");
        screen.Type("ed");
        Assert.Equal("half typed", screen.InputText);
        Assert.True(screen.Window.Input.HasFocus);
    }

    [Fact]
    public void Lines_mentioning_own_name_are_highlighted()
    {
        var screen = Start(name: "Alice");
        var raw = JoinRaw(screen);
        raw.Say("plain line");
        raw.Say("hey alice, look");
        screen.WaitForText("hey alice, look");

        var mention = Background(screen, "hey alice, look");
        var plain = Background(screen, "plain line");
        Assert.NotEqual(plain, mention);
        Assert.Equal(new Color(ColorName16.BrightYellow), mention);
    }

    [Fact]
    public void Scrolled_up_view_stays_put_and_says_new_lines_are_waiting()
    {
        var screen = Start(rows: 20);
        var raw = JoinRaw(screen);
        for (var i = 0; i < 60; i++) raw.Say($"line {i:00}");
        screen.WaitForText("line 59");

        screen.Press(Key.PageUp);
        var text = screen.Screen;
        Assert.DoesNotContain("line 59", text);
        Assert.Contains("more below", text);
        var top = screen.ScreenLines[1];

        raw.Say("newest");
        screen.WaitForText("1 new line below");
        Assert.Equal(top, screen.ScreenLines[1]); // the view did not move
        Assert.DoesNotContain("newest", screen.Screen);

        screen.Press(Key.End.WithCtrl);
        text = screen.Screen;
        Assert.Contains("newest", text);
        Assert.DoesNotContain("below", text);

        // The mouse wheel scrolls too.
        screen.App.InjectMouse(new Mouse { Flags = MouseFlags.WheeledUp, ScreenPosition = new System.Drawing.Point(5, 5) });
        Assert.Contains("more below", screen.Screen);
        screen.Press(Key.PageDown);
        screen.Press(Key.PageDown);
        Assert.DoesNotContain("below", screen.Screen);
    }

    [Fact]
    public void Long_lines_wrap_under_the_text()
    {
        var screen = Start(columns: 80);
        var raw = JoinRaw(screen);
        var words = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"word{i:00}"));
        raw.Say(words);
        var lines = screen.WaitForText("word29").Split('\n');
        var first = Array.FindIndex(lines, l => l.Contains("<Raw> word00"));
        Assert.True(first >= 0);
        var textColumn = lines[first].IndexOf("word00", StringComparison.Ordinal);
        Assert.StartsWith(new string(' ', textColumn) + "word", lines[first + 1]); // continuation rows start under the text, as the README says
        // No word is cut in two.
        var joined = string.Join(' ', lines.Skip(first).Take(6).Select(l => l.Split('│')[0].Trim()));
        for (var i = 0; i < 30; i++) Assert.Contains($"word{i:00}", joined);
    }

    [Fact]
    public void Wide_characters_line_up_with_the_frame()
    {
        var screen = Start(columns: 80);
        var raw = JoinRaw(screen, "李雷");
        raw.Say("你好世界 😀 emoji and CJK 한국어");
        screen.WaitForText("你好世界");
        var driver = screen.App.Driver!;
        var contents = driver.Contents!;
        var row = Enumerable.Range(0, driver.Rows).First(r => Enumerable.Range(0, driver.Cols).Any(c => contents[r, c].Grapheme == "你"));
        // The log frame's right border is in the same column on that row as on the row above.
        var border = Enumerable.Range(1, driver.Cols - 1).First(c => contents[row - 1, c].Grapheme == "│");
        Assert.Equal("│", contents[row, border].Grapheme);
    }

    [Fact]
    public void Megabyte_message_and_huge_name_are_cut_with_an_ellipsis_and_the_layout_holds()
    {
        var screen = Start(columns: 90, rows: 24);
        var huge = Track(BlockingRawPeer.Join(screen.Port, new string('N', 5000), advertisedPort: 6200));
        screen.WaitForText("Peers (1)");
        var message = "start " + new string('x', 1_000_000); // a megabyte, within max-line-length (1 MiB)
        var watch = System.Diagnostics.Stopwatch.StartNew();
        huge.Say(message);
        screen.WaitForText("xxx…", TimeSpan.FromSeconds(15)); // the end of what is shown
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        // Its beginning, a few pages up: the name cut to fit, the text wrapped.
        var shownName = "<" + new string('N', LogEntry.MaxNameColumns - 1) + "…>";
        for (var i = 0; i < 20 && !screen.Screen.Contains($"{shownName} start xxx"); i++) screen.Press(Key.PageUp);
        Assert.Contains($"{shownName} start xxx", screen.Screen);
        var lines = screen.ScreenLines;
        Assert.Equal(24, lines.Length);
        Assert.Contains("Peers (1)", lines[0]);
        Assert.StartsWith("─", lines[21]); // the rule above the input line
        Assert.StartsWith(">", lines[22]);
        Assert.Contains("^Q quit", lines[23]);
        Assert.All(lines, l => Assert.True(LogLayout.Columns(l) <= 90, l));
        // The message is cut for the screen: the log holds a few thousand characters, not a megabyte.
        Assert.True(screen.Model.Log.Last!.Text.Length <= new TuiSettings { LogPath = "" }.MaxMessageChars + 1);
        Assert.EndsWith("…", screen.Model.Log.Last!.Text);
        // Still responsive.
        screen.Enter("after the flood");
        screen.WaitForText("<Me> after the flood");
    }

    [Fact]
    public void Resizing_lays_the_screen_out_again()
    {
        var screen = Start(columns: 100, rows: 30);
        var raw = JoinRaw(screen, "Bob");
        raw.Say("resize me please");
        screen.WaitForText("resize me please");

        screen.App.Driver!.SetScreenSize(60, 16);
        var lines = screen.ScreenLines;
        Assert.Contains("Peers (1)", lines[0]);
        Assert.Equal(16, lines.Length);
        Assert.StartsWith(">", lines[14]);
        Assert.Contains("Me @", lines[15]);
        Assert.Contains("resize me", screen.Screen);
        Assert.All(lines, l => Assert.True(LogLayout.Columns(l) <= 60, l));

        screen.App.Driver!.SetScreenSize(120, 40);
        lines = screen.ScreenLines;
        Assert.Equal(40, lines.Length);
        Assert.StartsWith(">", lines[38]);
        Assert.Contains("resize me please", screen.Screen);

        // Narrow: the peers pane gives way to the log.
        screen.App.Driver!.SetScreenSize(40, 12);
        lines = screen.ScreenLines;
        Assert.DoesNotContain("Peers (", lines[0]);
        Assert.StartsWith(">", lines[10]);
        Assert.All(lines, l => Assert.True(LogLayout.Columns(l) <= 40, l));

        // Absurdly small, then back: nothing breaks, what was typed survives.
        screen.Type("kept");
        screen.App.Driver!.SetScreenSize(8, 3);
        _ = screen.Screen;
        screen.App.Driver!.SetScreenSize(100, 30);
        Assert.Contains("resize me please", screen.Screen);
        Assert.Equal("kept", screen.InputText);
    }

    private static Color Background(ScreenHarness screen, string text)
    {
        var driver = screen.App.Driver!;
        var contents = driver.Contents!;
        var lines = screen.ScreenLines;
        var row = Array.FindIndex(lines, l => l.Contains(text));
        var col = lines[row].IndexOf(text, StringComparison.Ordinal) + 2; // a cell inside the text (all ASCII before it)
        return contents[row, col].Attribute!.Value.Background;
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
