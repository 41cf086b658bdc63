using PeerChat.App;
using Akka.Configuration;
using PeerChat.App.Tui;
using PeerChat.Node;
using PeerChat.Tui.Tests.Support;

namespace PeerChat.Tui.Tests;

/// <summary>The screen's logic without Terminal.Gui: safety, layout, log, commands, history, completion, view-model.</summary>
public sealed class TextSafetyTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\u001b[31mred\u001b[0m", "␛[31mred␛[0m")]
    [InlineData("a\nb\r\tc\0", "a␊b␍␉c␀")]
    [InlineData("del\u007f", "del␡")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")]
    [InlineData("rtl\u202eexe.txt", "rtl\\u202eexe.txt")]
    [InlineData("isolate\u2066x\u2069", "isolate\\u2066x\\u2069")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("bom\ufeff", "bom\\ufeff")]
    [InlineData("emoji 👨‍👩‍👧 😀 ok", "emoji 👨‍👩‍👧 😀 ok")]
    [InlineData("CJK 你好 한국어 é e\u0301", "CJK 你好 한국어 é e\u0301")]
    public void Control_and_invisible_characters_become_visible_stand_ins(string input, string shown) =>
        Assert.Equal(shown, TextSafety.Inert(input));

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis_and_only_its_prefix_is_read()
    {
        var megabyte = new string('x', 1_000_000) + "\u001b";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++) Assert.Equal(new string('x', 100) + "…", TextSafety.Inert(megabyte, 100));
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character() =>
        Assert.Equal("lone \ufffd and \ufffd", TextSafety.Inert("lone " + '\ud800' + " and " + '\udc00'));

    [Fact]
    public void A_surrogate_pair_is_never_split_at_the_cut() =>
        Assert.Equal("ab…", TextSafety.Inert("ab😀c", 3));

    [Fact]
    public void Every_result_is_safe_to_write_to_a_terminal()
    {
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)random.Next(0, 0x3000);
            var shown = TextSafety.Inert(new string(chars));
            Assert.DoesNotContain(shown, c => c < ' ' || c == '\x7f' || (c >= '\x80' && c <= '\x9f') || c is '\u202e' or '\u202d' or '\u2066');
        }
    }
}

public sealed class LogLayoutTests
{
    private static readonly string[] EightNames = ["Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi"];

    private static string[] Wrap(string text, int width, int indent = 0) =>
        LogLayout.Wrap([new Span(text, Tone.Normal)], width, indent, keepTogether: 0).Select(r => r.Text).ToArray();

    [Fact]
    public void Wraps_at_spaces_and_indents_continuation_rows()
    {
        Assert.Equal(["one two", "  three", "  four"], Wrap("one two three four", 8, indent: 2));
        Assert.All(Wrap("the quick brown fox jumps over the lazy dog", 10), r => Assert.True(LogLayout.Columns(r) <= 10));
    }

    [Fact]
    public void A_word_longer_than_a_row_is_cut_where_the_row_ends()
    {
        var rows = Wrap("start " + new string('x', 25), 10);
        Assert.Equal("start xxxx", rows[0]);
        Assert.All(rows, r => Assert.True(r.Length <= 10));
        Assert.Equal(31, rows.Sum(r => r.Length));
    }

    [Fact]
    public void Wide_characters_take_two_columns_and_are_never_split()
    {
        Assert.Equal(2, LogLayout.Columns("你"));
        Assert.Equal(2, LogLayout.Columns("😀"));
        Assert.Equal(2, LogLayout.Columns("👨‍👩‍👧"));
        Assert.Equal(1, LogLayout.Columns("e\u0301"));
        var rows = Wrap("你好世界你好世界", 5);
        Assert.Equal(["你好", "世界", "你好", "世界"], rows);
    }

    [Fact]
    public void Fit_cuts_to_columns_with_an_ellipsis()
    {
        Assert.Equal("short", LogLayout.Fit("short", 10));
        Assert.Equal("abcd…", LogLayout.Fit("abcdefgh", 5));
        Assert.Equal("你…", LogLayout.Fit("你好世界", 4));
        Assert.Equal(24, LogLayout.Columns(LogLayout.Fit(new string('N', 5000), 24)));
    }

    [Fact]
    public void Chat_line_keeps_time_and_name_together_and_wraps_the_text_under_the_text()
    {
        var entry = new LogEntry(new DateTime(2025, 6, 1, 9, 5, 0), EntryKind.Chat, "alpha beta gamma delta epsilon", "Bob");
        var rows = entry.Rows(30).Select(r => r.Text).ToArray();
        Assert.Equal(["09:05 <Bob> alpha beta gamma", "            delta epsilon"], rows);
    }

    [Fact]
    public void System_line_wraps_under_its_text()
    {
        var entry = new LogEntry(new DateTime(2025, 6, 1, 9, 5, 0), EntryKind.System, "listening on 127.0.0.1:5001 as Alice", null);
        Assert.Equal(["09:05 -- listening on", "         127.0.0.1:5001 as", "         Alice"], entry.Rows(26).Select(r => r.Text));
    }

    [Fact]
    public void A_name_taking_half_the_row_wraps_the_text_under_the_name_instead()
    {
        var entry = new LogEntry(new DateTime(2025, 6, 1, 9, 5, 0), EntryKind.Chat, "alpha beta gamma delta", "Bartholomew");
        // "09:05 <Bartholomew> " is 20 columns of 30: continuation rows start after the time.
        Assert.Equal(["09:05 <Bartholomew> alpha beta", "      gamma delta"], entry.Rows(30).Select(r => r.Text));
    }

    [Fact]
    public void Name_colours_are_stable_and_spread()
    {
        Assert.Equal(NameColors.Of("Alice"), NameColors.Of("Alice"));
        // FNV-1a: the same in every process (string.GetHashCode is not).
        Assert.Equal(11, NameColors.Of("Alice"));
        var colours = EightNames.Select(NameColors.Of).Distinct().Count();
        Assert.True(colours >= 5, $"{colours} colours for 8 names");
    }
}

public sealed class ChatLogTests
{
    private static LogEntry Line(string text) => new(DateTime.Now, EntryKind.Chat, text, "Bob");

    [Fact]
    public void Keeps_only_the_last_capacity_lines()
    {
        var log = new ChatLog(100);
        for (var i = 0; i < 1000; i++) log.Add(Line($"m{i}"));
        Assert.Equal(100, log.Count);
        Assert.Equal(1000, log.Added);
        Assert.Equal("m900", log[0].Text);
        Assert.Equal("m999", log.Last!.Text);
    }

    [Fact]
    public void Follows_the_bottom_until_scrolled_up_then_stays_and_counts_what_arrives()
    {
        var log = new ChatLog(1000);
        for (var i = 0; i < 50; i++) log.Add(Line($"m{i:00}"));
        var rows = log.Visible(40, 10);
        Assert.Equal(10, rows.Count);
        Assert.EndsWith("m49", rows[^1].Text);

        log.Scroll(20);
        rows = log.Visible(40, 10);
        Assert.Equal(9, rows.Count); // the last row is the "new lines below" marker
        var top = rows[0].Text;
        log.Add(Line("new"));
        log.Add(Line("newer"));
        Assert.Equal(2, log.Unseen);
        Assert.Equal(top, log.Visible(40, 10)[0].Text);

        log.Scroll(-1000);
        Assert.True(log.AtBottom);
        Assert.Equal(0, log.Unseen);
        Assert.EndsWith("newer", log.Visible(40, 10)[^1].Text);
    }

    [Fact]
    public void Scrolling_past_the_oldest_line_stops_there()
    {
        var log = new ChatLog(1000);
        for (var i = 0; i < 30; i++) log.Add(Line($"m{i:00}"));
        log.Scroll(10_000);
        var rows = log.Visible(40, 10);
        Assert.EndsWith("m00", rows[0].Text);
        Assert.Equal(21, log.ScrolledBack);
    }
}

public sealed class ChatCommandTests
{
    [Theory]
    [InlineData("hello", typeof(InputCommand.Say))]
    [InlineData("//slash", typeof(InputCommand.Say))]
    [InlineData("/connect 127.0.0.1:5001", typeof(InputCommand.Connect))]
    [InlineData("/peers", typeof(InputCommand.Peers))]
    [InlineData("/who", typeof(InputCommand.Peers))]
    [InlineData("/zip 10001", typeof(InputCommand.Peers))]
    [InlineData("/age 31", typeof(InputCommand.Peers))]
    [InlineData("/leave", typeof(InputCommand.Leave))]
    [InlineData("/quit", typeof(InputCommand.Quit))]
    [InlineData("/help", typeof(InputCommand.Help))]
    [InlineData("   ", typeof(InputCommand.Blank))]
    [InlineData("/nope", typeof(InputCommand.Invalid))]
    [InlineData("/zip", typeof(InputCommand.Invalid))]
    [InlineData("/zip 1a", typeof(InputCommand.Invalid))]
    [InlineData("/age -3", typeof(InputCommand.Invalid))]
    [InlineData("/connect", typeof(InputCommand.Invalid))]
    [InlineData("/connect host", typeof(InputCommand.Invalid))]
    [InlineData("/leave now", typeof(InputCommand.Invalid))]
    public void Parses(string line, Type expected) => Assert.IsType(expected, CommandParser.Parse(line, CommandSet.Screen));

    [Fact]
    public void Arguments_are_read()
    {
        Assert.Equal(new InputCommand.Say("/slash"), CommandParser.Parse("//slash", CommandSet.Screen));
        Assert.Equal(new InputCommand.Connect("::1", 5001), CommandParser.Parse("/connect [::1]:5001", CommandSet.Screen));
        Assert.Equal(new InputCommand.Peers(PeerFilter.Zip("02139")), CommandParser.Parse("/zip 02139", CommandSet.Screen));
        Assert.Equal(new InputCommand.Peers(PeerFilter.Age("31")), CommandParser.Parse("/AGE 31", CommandSet.Screen));
    }

    [Fact]
    public void Filters_match_zip_exactly_and_age_as_a_number()
    {
        var p = new PeerInfo("Bob", "031", "02139", "127.0.0.1", 5);
        Assert.True(PeerFilter.Zip("02139").Matches(p));
        Assert.False(PeerFilter.Zip("2139").Matches(p));
        Assert.True(PeerFilter.Age("31").Matches(p));
        Assert.False(PeerFilter.Age("13").Matches(p));
        Assert.True(PeerFilter.All.Matches(p));
    }
}

public sealed class InputTests
{
    [Fact]
    public void History_walks_back_and_forth_and_restores_the_draft()
    {
        var h = new InputHistory();
        h.Add("a");
        h.Add("b");
        h.Add("b"); // not twice in a row
        Assert.Equal("b", h.Previous("draft"));
        Assert.Equal("a", h.Previous("b"));
        Assert.Null(h.Previous("a"));
        Assert.Equal("b", h.Next());
        Assert.Equal("draft", h.Next());
        Assert.Null(h.Next());
    }

    [Fact]
    public void Completes_commands_at_the_start_only()
    {
        var c = new TabCompleter();
        Assert.Equal(("/zip ", 5), c.Complete("/z", 2, []));
        c.Reset();
        Assert.Null(c.Complete("say /z", 6, []));
    }

    [Fact]
    public void Completes_names_case_insensitively_and_cycles_through_matches()
    {
        var c = new TabCompleter();
        string[] names = ["Bob", "bobby", "Carol"];
        Assert.Equal(("Bob: ", 5), c.Complete("bo", 2, names));
        Assert.Equal(("bobby: ", 7), c.Complete("Bob: ", 5, names));
        Assert.Equal(("Bob: ", 5), c.Complete("bobby: ", 7, names));
        c.Reset();
        Assert.Equal(("hi Carol and", 8), c.Complete("hi ca and", 5, names)); // mid-line, text after the cursor kept
        c.Reset();
        Assert.Null(c.Complete("zz", 2, names));
    }
}

public sealed class ChatScreenModelTests
{
    private static readonly NodeSettings Node = NodeSettings.Create(ConfigurationFactory.ParseString(
        """
        peerchat.identity.name = "Alice"
        peerchat.listen { host = "127.0.0.1", port = 5001 }
        """));

    private static ChatScreenModel Model(int maxLines = 1000) =>
        new(Node, new TuiSettings { LogPath = "", MaxLogLines = maxLines }, new TestClock(new DateTime(2025, 6, 1, 12, 34, 0)));

    private static PeerInfo Peer(string name, string age = "20", string zip = "10001", int port = 6000) => new(name, age, zip, "127.0.0.1", port);

    [Fact]
    public void Events_become_log_lines_and_roster_changes()
    {
        var m = Model();
        var bob = Peer("Bob", port: 6001);
        var count = m.Apply([new Listening("127.0.0.1", 5001), new PeerJoined(bob), new MessagesReceived(bob, ["hi"]), new PeerLeft(bob, LeaveReason.Leave)]);
        Assert.Equal(1, count);
        var lines = Enumerable.Range(0, m.Log.Count).Select(i => m.Log[i].ToString()).ToArray();
        Assert.Equal("── Sunday 1 June 2025 ──", lines[0]);
        lines = lines[1..];
        Assert.Equal("12:34 -- listening on 127.0.0.1:5001 as Alice. /connect HOST:PORT joins a network, /help lists the commands", lines[0]);
        Assert.Equal("12:34 -- Bob joined (127.0.0.1:6001, age 20, zip 10001)", lines[1]);
        Assert.Equal("12:34 <Bob> hi", lines[2]);
        Assert.Equal("12:34 -- Bob left (127.0.0.1:6001)", lines[3]);
        Assert.Equal(0, m.Roster.Count);
    }

    [Theory]
    [InlineData("hey Alice", true)]
    [InlineData("ALICE: look", true)]
    [InlineData("alice's turn", true)]
    [InlineData("Alicetown", false)]
    [InlineData("malice", false)]
    [InlineData("nobody", false)]
    public void Mentions_of_own_name_are_whole_words_in_any_case(string text, bool mention) =>
        Assert.Equal(mention, Model().MentionsMe(text));

    [Fact]
    public void A_flood_bigger_than_the_log_keeps_the_newest_lines_and_counts_them_all()
    {
        var m = Model(maxLines: 100);
        var bob = Peer("Bob");
        // The node's batches, 37 lines each (the last one shorter), all waiting for one drain.
        var batch = Enumerable.Range(0, 10_000).Chunk(37)
            .Select(chunk => (object)new MessagesReceived(bob, chunk.Select(i => $"m{i}").ToArray())).ToList();
        Assert.Equal(10_000, m.Apply(batch));
        Assert.Equal(100, m.Log.Count);
        Assert.Equal(Enumerable.Range(9_900, 100).Select(i => $"m{i}"), Enumerable.Range(0, m.Log.Count).Select(i => m.Log[i].Text));
        Assert.Equal(10_000, m.MessagesShown);
    }

    [Fact]
    public void Lines_of_received_batches_keep_their_order_among_other_events()
    {
        var m = Model();
        var bob = Peer("Bob", port: 6001);
        var ann = Peer("Ann", port: 6002);
        m.Apply([new MessagesReceived(bob, ["one", "two"]), new PeerJoined(ann), new MessagesReceived(ann, ["three"]), new MessagesReceived(bob, ["four"])]);
        Assert.Equal(
            ["── Sunday 1 June 2025 ──", "12:34 <Bob> one", "12:34 <Bob> two", "12:34 -- Ann joined (127.0.0.1:6002, age 20, zip 10001)", "12:34 <Ann> three", "12:34 <Bob> four"],
            Enumerable.Range(0, m.Log.Count).Select(i => m.Log[i].ToString()));
    }

    [Fact]
    public void Submitting_sends_chat_runs_commands_and_keeps_bad_input()
    {
        var m = Model();
        Assert.Equal(new Submitted(new InputCommand.Say("hello"), true), m.Submit("hello"));
        Assert.Equal("12:34 <Alice> hello", m.Log.Last!.ToString());
        Assert.Equal(new Submitted(new InputCommand.Peers(PeerFilter.Zip("10001")), true), m.Submit("/zip 10001"));
        Assert.Equal(new Submitted(null, false), m.Submit("/zip x"));
        Assert.Equal(EntryKind.Error, m.Log.Last!.Kind);
        Assert.Equal(new Submitted(new InputCommand.Quit(), true), m.Submit("/quit"));
        Assert.Equal(4, m.History.Count); // "hello", "/zip 10001", "/zip x" (to fix it), "/quit"
    }

    [Fact]
    public void Peer_lists_show_only_the_matches()
    {
        var m = Model();
        m.Apply([new PeersListed([Peer("Ann", "31", "10001"), Peer("Ben", "40", "10001", 6002), Peer("Cat", "31", "20002", 6003)], PeerFilter.Age("31"))]);
        var lines = Enumerable.Range(1, m.Log.Count - 1).Select(i => m.Log[i].Text).ToArray();
        Assert.Equal(["2 peers aged 31:", "  name  age  zip    address", "  Ann    31  10001  127.0.0.1:6000", "  Cat    31  20002  127.0.0.1:6003"], lines);
    }

    [Fact]
    public void Status_line_has_name_address_peer_count_and_keys()
    {
        var m = Model();
        m.Apply([new Listening("127.0.0.1", 5001), new PeerJoined(Peer("Bob"))]);
        Assert.StartsWith(" Alice @ 127.0.0.1:5001 │ 1 peer │ ^Q quit", m.StatusText);
        Assert.Equal("Peers (1)", m.PeersTitle);
    }
}

public sealed class EventBatcherTests
{
    [Fact]
    public void Many_items_before_the_UI_runs_make_one_post_and_one_batch()
    {
        var batcher = new EventBatcher();
        var posted = new List<Action>();
        var batches = new List<IReadOnlyList<object>>();
        batcher.Attach(posted.Add, batches.Add);
        for (var i = 0; i < 10_000; i++) batcher.Add(i);
        Assert.Single(posted);
        posted[0]();
        Assert.Single(batches);
        Assert.Equal(10_000, batches[0].Count);

        batcher.Add("next");
        Assert.Equal(2, posted.Count);
    }

    [Fact]
    public void A_received_batch_is_one_item_and_its_lines_count_as_pending_work()
    {
        var batcher = new EventBatcher();
        var posted = new List<Action>();
        var batches = new List<IReadOnlyList<object>>();
        batcher.Attach(posted.Add, batches.Add);
        var received = new MessagesReceived(new PeerInfo("Bob", "20", "10001", "127.0.0.1", 6000), ["a", "b", "c"]);
        batcher.Add(received);
        batcher.Add("an event");
        Assert.Equal(4, batcher.Pending);
        posted.Single()();
        Assert.Equal([received, "an event"], batches.Single());
        Assert.Equal(0, batcher.Pending);
    }

    [Fact]
    public void Items_added_before_the_UI_is_attached_are_delivered_on_attach()
    {
        var batcher = new EventBatcher();
        batcher.Add("early");
        var batches = new List<IReadOnlyList<object>>();
        batcher.Attach(a => a(), batches.Add);
        Assert.Equal(["early"], batches.Single());
    }

    [Fact]
    public void Adding_from_many_threads_loses_nothing()
    {
        var batcher = new EventBatcher();
        var received = 0;
        var posts = new System.Collections.Concurrent.ConcurrentQueue<Action>();
        batcher.Attach(posts.Enqueue, b => received += b.Count);
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++) batcher.Add(i);
        });
        while (posts.TryDequeue(out var drain)) drain();
        Assert.Equal(80_000, received);
    }
}

public sealed class TuiSettingsTests
{
    private static TuiSettings Create(string hocon, Dictionary<string, string>? env = null) =>
        TuiSettings.Create(ConfigurationFactory.ParseString(hocon), env ?? new Dictionary<string, string> { ["HOME"] = "/home/u" });

    [Fact]
    public void Defaults_come_from_the_reference_config()
    {
        var s = Create("");
        Assert.Equal(10_000, s.MaxLogLines);
        Assert.Equal(2_000, s.MaxMessageChars);
        Assert.Equal("/home/u/.local/state/peerchat/peerchat.log", s.LogPath);
        Assert.Null(s.TranscriptPath);
    }

    [Fact]
    public void Log_goes_under_XDG_STATE_HOME_when_set()
    {
        var s = Create("", new Dictionary<string, string> { ["HOME"] = "/home/u", ["XDG_STATE_HOME"] = "/state" });
        Assert.Equal("/state/peerchat/peerchat.log", s.LogPath);
    }

    [Fact]
    public void Paths_and_limits_are_read_and_tilde_is_home()
    {
        var s = Create("""peerchat { tui.max-log-lines = 500, log.path = "/tmp/x.log", transcript.path = "~/chat.txt" }""");
        Assert.Equal(500, s.MaxLogLines);
        Assert.Equal("/tmp/x.log", s.LogPath);
        Assert.Equal("/home/u/chat.txt", s.TranscriptPath);
    }

    [Fact]
    public void A_bad_value_names_its_key()
    {
        var e = Assert.Throws<SettingsException>(() => Create("peerchat.tui.max-log-lines = lots"));
        Assert.Equal("peerchat.tui.max-log-lines", e.Key);
        Assert.Contains("whole number", e.Message);
    }
}
