using Akka.Configuration;
using PeerChat.App;
using PeerChat.App.Tui;
using PeerChat.Node;
using PeerChat.Tui.Tests.Support;

namespace PeerChat.Tui.Tests;

/// <summary>What makes the user notice, without Terminal.Gui: mentions, the bell, the title, the read marker, day lines, the peers table.</summary>
public sealed class NoticeTests
{
    private static readonly NodeSettings Alice = NodeSettings.Create(ConfigurationFactory.ParseString(
        """
        peerchat.identity.name = "Alice"
        peerchat.listen { host = "127.0.0.1", port = 5001 }
        """));

    private static readonly PeerInfo Bob = new("Bob", "20", "10001", "127.0.0.1", 6001);

    private static ChatScreenModel Model(TestClock? clock = null, bool bell = true, int maxLines = 1000) =>
        new(Alice, new TuiSettings { LogPath = "", Bell = bell, MaxLogLines = maxLines }, clock ?? new TestClock(new DateTime(2026, 12, 1, 9, 30, 0)));

    private static MessagesReceived From(PeerInfo peer, params string[] texts) => new(peer, texts);

    private static string[] Texts(ChatScreenModel m) => Enumerable.Range(0, m.Log.Count).Select(i => m.Log[i].ToString()).ToArray();

    private static string[] Screen(ChatLog log, int width = 60, int height = 20) => log.Visible(width, height).Select(r => r.Text).ToArray();

    // ── Mentions ────────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("J.R.", "thanks j.r. for that", true)]
    [InlineData("[bot]", "ping [bot]!", true)]
    [InlineData("o'neil", "hi O'Neil, lunch?", true)]
    [InlineData("o'neil", "the o'neils are here", false)]
    [InlineData("alice_", "alice_: there?", true)]
    [InlineData("alice", "alice_: there?", false)]
    [InlineData("mary-jane", "Mary-Jane!", true)]
    [InlineData("José", "hola Jose\u0301!", true)]
    [InlineData("Jose", "hola Jose\u0301!", false)]
    [InlineData("李雷", "你好李雷", true)]
    [InlineData("Zoë", "ZOË?", true)]
    [InlineData("bob", "lone \ud800 bob", true)]
    public void Names_with_punctuation_accents_or_no_spaces_around_are_found_as_whole_words(string name, string text, bool mention) =>
        Assert.Equal(mention, NameMention.In(text, name, 2000));

    [Fact]
    public void A_line_that_mentions_your_name_is_highlighted_and_others_are_not()
    {
        var m = Model();
        m.Apply([From(Bob, "hey Alice, lunch?", "lunch anyone?")]);
        Assert.Equal(Tone.Mention, m.Log[m.Log.Count - 2].Spans()[^1].Tone);
        Assert.Equal(Tone.Normal, m.Log[m.Log.Count - 1].Spans()[^1].Tone);
    }

    [Fact]
    public void A_batch_with_several_mentions_rings_the_bell_once()
    {
        var m = Model();
        m.Apply([From(Bob, "Alice?", "ALICE!"), From(Bob, "alice, hello")]);
        Assert.True(m.Mentions.TakeRing());
        Assert.False(m.Mentions.TakeRing());
        m.Apply([From(Bob, "still there, Alice?")]);
        Assert.True(m.Mentions.TakeRing());
    }

    [Fact]
    public void Lines_without_a_mention_do_not_ring()
    {
        var m = Model();
        m.Apply([From(Bob, "malice", "Alicetown"), new PeerJoined(Bob)]);
        Assert.False(m.Mentions.TakeRing());
        Assert.Equal(0, m.Mentions.Unread);
    }

    [Fact]
    public void With_the_bell_off_mentions_are_counted_but_never_ring()
    {
        var m = Model(bell: false);
        m.Apply([From(Bob, "Alice?")]);
        Assert.False(m.Mentions.TakeRing());
        Assert.Equal("(1) PeerChat: Alice", m.TerminalTitle);
    }

    [Fact]
    public void Title_counts_unread_mentions_until_you_look()
    {
        var m = Model();
        Assert.Equal("PeerChat: Alice", m.TerminalTitle);
        m.Apply([From(Bob, "Alice?", "no mention"), From(Bob, "alice!!")]);
        Assert.Equal("(2) PeerChat: Alice", m.TerminalTitle);
        m.Look();
        Assert.Equal("PeerChat: Alice", m.TerminalTitle);
    }

    [Fact]
    public void Coming_back_to_the_terminal_reads_the_mentions()
    {
        var m = Model();
        m.FocusLost();
        m.Apply([From(Bob, "Alice?")]);
        Assert.Equal(1, m.Mentions.Unread);
        m.FocusGained();
        Assert.Equal(0, m.Mentions.Unread);
    }

    [Fact]
    public void Scrolling_back_to_the_newest_line_reads_the_mentions()
    {
        var m = Model();
        m.Apply([From(Bob, Enumerable.Range(0, 50).Select(i => $"line {i}").ToArray())]);
        m.Log.Scroll(10);
        m.Apply([From(Bob, "Alice, look")]);
        m.Log.Scroll(5);
        Assert.Equal(1, m.Mentions.Unread);
        m.Log.ScrollToBottom();
        Assert.Equal(0, m.Mentions.Unread);
    }

    [Fact]
    public void Your_own_line_with_your_name_is_no_mention()
    {
        var m = Model();
        m.Submit("Alice is back");
        Assert.Equal(0, m.Mentions.Unread);
        Assert.Equal(Tone.Normal, m.Log.Last!.Spans()[^1].Tone);
    }

    // ── Read marker ─────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Coming_back_to_the_terminal_puts_the_read_marker_above_the_first_line_that_came_meanwhile()
    {
        var m = Model();
        m.Apply([From(Bob, "seen 1", "seen 2")]);
        m.FocusLost();
        m.Apply([From(Bob, "new 1"), From(Bob, "new 2")]);
        Assert.Null(m.Log.MarkerBefore); // not while away
        m.FocusGained();
        var rows = Screen(m.Log);
        var marker = Array.FindIndex(rows, r => r.StartsWith("── new ─", StringComparison.Ordinal));
        Assert.EndsWith("seen 2", rows[marker - 1]);
        Assert.EndsWith("new 1", rows[marker + 1]);
        Assert.Equal(60, LogLayout.Columns(rows[marker])); // a rule across the log
    }

    [Fact]
    public void Scrolling_up_and_back_puts_the_read_marker_above_the_first_unseen_line_and_keeps_the_count_below()
    {
        var m = Model();
        m.Apply([From(Bob, Enumerable.Range(0, 40).Select(i => $"old {i}").ToArray())]);
        m.Log.Scroll(5);
        m.Apply([From(Bob, "unseen 1", "unseen 2", "unseen 3")]);
        Assert.Equal(3, m.Log.Unseen); // the "3 new lines below" indicator
        Assert.Null(m.Log.MarkerBefore);
        m.Log.ScrollToBottom();
        var rows = Screen(m.Log);
        var marker = Array.FindIndex(rows, r => r.StartsWith("── new ─", StringComparison.Ordinal));
        Assert.EndsWith("old 39", rows[marker - 1]);
        Assert.EndsWith("unseen 1", rows[marker + 1]);
    }

    [Fact]
    public void Coming_back_with_nothing_new_shows_no_read_marker()
    {
        var m = Model();
        m.Apply([From(Bob, "a")]);
        m.FocusLost();
        m.Apply([From(Bob, "b")]);
        m.FocusGained();
        Assert.NotNull(m.Log.MarkerBefore);
        m.FocusLost();
        m.FocusGained();
        Assert.Null(m.Log.MarkerBefore);
        Assert.DoesNotContain(Screen(m.Log), r => r.StartsWith("── new", StringComparison.Ordinal));
    }

    [Fact]
    public void Back_in_the_terminal_while_scrolled_up_the_marker_waits_for_the_newest_line()
    {
        var m = Model();
        m.Apply([From(Bob, Enumerable.Range(0, 40).Select(i => $"old {i}").ToArray())]);
        m.FocusLost();
        m.Apply([From(Bob, "while away")]);
        m.FocusGained();
        m.Log.ScrollToBottom();
        var marked = m.Log.MarkerBefore;
        Assert.NotNull(marked);
        Assert.Equal("while away", m.Log[marked.Value].Text);
        m.FocusLost();
        m.Log.Scroll(10);
        m.Apply([From(Bob, "later")]);
        m.FocusGained();
        Assert.Equal(marked, m.Log.MarkerBefore); // still the old one: the view is scrolled up
        m.Log.ScrollToBottom();
        Assert.Equal("later", m.Log[m.Log.MarkerBefore!.Value].Text);
    }

    [Fact]
    public void Scrolling_counts_the_marker_row_so_the_oldest_line_stays_reachable()
    {
        var m = Model();
        m.Apply([From(Bob, Enumerable.Range(0, 30).Select(i => $"line {i}").ToArray())]);
        m.FocusLost();
        m.Apply([From(Bob, "after")]);
        m.FocusGained();
        m.Log.Scroll(1000);
        var rows = Screen(m.Log, height: 10);
        Assert.StartsWith("── Tuesday 1 December 2026 ─", rows[0]); // pinned at the top: nothing lost above
    }

    [Fact]
    public void The_read_marker_goes_with_its_line_when_the_log_drops_it()
    {
        var m = Model(maxLines: 100);
        m.FocusLost();
        m.Apply([From(Bob, "away")]);
        m.FocusGained();
        Assert.NotNull(m.Log.MarkerBefore);
        m.Apply([From(Bob, Enumerable.Range(0, 100).Select(i => $"flood {i}").ToArray())]);
        Assert.Null(m.Log.MarkerBefore);
        Assert.DoesNotContain(Screen(m.Log, height: 200), r => r.StartsWith("── new", StringComparison.Ordinal));
    }

    // ── Day lines ───────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void The_session_starts_with_a_day_line()
    {
        var m = Model();
        m.Apply([new Listening("127.0.0.1", 5001)]);
        Assert.Equal("── Tuesday 1 December 2026 ──", Texts(m)[0]);
        Assert.StartsWith("09:30 -- listening on", Texts(m)[1]);
        var rule = Screen(m.Log, width: 48)[0];
        Assert.Equal(48, LogLayout.Columns(rule)); // across the log
        Assert.Equal("── Tuesday 1 December 2026 " + new string('─', 21), rule);
    }

    [Fact]
    public void A_day_line_comes_between_two_lines_on_either_side_of_midnight_and_not_between_lines_of_one_day()
    {
        var clock = new TestClock(new DateTime(2026, 12, 1, 23, 58, 0));
        var m = Model(clock);
        m.Apply([From(Bob, "late")]);
        clock.Now = new DateTime(2026, 12, 1, 23, 59, 30);
        m.Apply([From(Bob, "later")]);
        clock.Now = new DateTime(2026, 12, 2, 0, 1, 0);
        m.Apply([From(Bob, "past midnight")]);
        Assert.Equal(
            ["── Tuesday 1 December 2026 ──", "23:58 <Bob> late", "23:59 <Bob> later", "── Wednesday 2 December 2026 ──", "00:01 <Bob> past midnight"],
            Texts(m));
    }

    [Fact]
    public void After_the_log_is_emptied_the_next_line_comes_with_its_day()
    {
        var m = Model();
        m.Apply([From(Bob, "a")]);
        m.Log.Clear();
        m.Apply([From(Bob, "b")]);
        Assert.Equal(["── Tuesday 1 December 2026 ──", "09:30 <Bob> b"], Texts(m));
    }

    // ── The bell setting ────────────────────────────────────────────────────────────────────────

    private static TuiSettings Settings(string hocon) =>
        TuiSettings.Create(ConfigurationFactory.ParseString(hocon), new Dictionary<string, string> { ["HOME"] = "/home/u" });

    [Fact]
    public void The_bell_is_on_by_default_and_off_in_config()
    {
        Assert.True(Settings("").Bell);
        Assert.False(Settings("peerchat.tui.bell = off").Bell);
    }

    [Fact]
    public void A_bell_that_is_not_on_or_off_names_its_key()
    {
        var e = Assert.Throws<SettingsException>(() => Settings("peerchat.tui.bell = loud"));
        Assert.Equal("peerchat.tui.bell", e.Key);
        Assert.Contains("on or off", e.Message);
    }

    // ── /peers ──────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Peers_are_listed_in_aligned_columns_under_a_header()
    {
        var m = Model();
        m.Apply([new PeersListed(
            [new PeerInfo("Bo", "7", "02139", "127.0.0.1", 6001), new PeerInfo("Bartholomew", "104", "1234567", "10.0.0.12", 50001), new PeerInfo("李雷", "31", "10001", "127.0.0.1", 6003)],
            PeerFilter.All)]);
        var rows = Enumerable.Range(0, m.Log.Count).Select(i => m.Log[i].Text).Skip(2).ToArray();
        Assert.Equal(
            [
                "  name         age  zip      address",
                "  Bo             7  02139    127.0.0.1:6001",
                "  Bartholomew  104  1234567  10.0.0.12:50001",
                "  李雷          31  10001    127.0.0.1:6003",
            ],
            rows);
    }
}
