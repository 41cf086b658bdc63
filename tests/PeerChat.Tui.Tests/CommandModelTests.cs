using Akka.Configuration;
using PeerChat.App.Tui;
using PeerChat.Node;

namespace PeerChat.Tui.Tests;

/// <summary>How the screen model reads the node's answers to <c>/nick</c> and <c>/who HOST:PORT|NAME</c>.</summary>
public sealed class CommandModelTests
{
    private static readonly NodeSettings Node = NodeSettings.Create(ConfigurationFactory.ParseString(
        """
        peerchat.identity.name = "Alice"
        peerchat.listen { host = "127.0.0.1", port = 5001 }
        """));

    private static ChatScreenModel Model() => new(Node, new TuiSettings { LogPath = "" }, new Support.TestClock(new DateTime(2025, 6, 1, 12, 34, 0)));

    private static string LastLine(ChatScreenModel m) => m.Log[m.Log.Count - 1].ToString();

    [Fact]
    public void After_a_rename_mentions_of_the_new_name_are_highlighted_and_the_old_one_no_longer()
    {
        var m = Model();

        m.Apply([new NameChanged("Alice", "Alicia", 0, 0)]);

        Assert.True(m.MentionsMe("hi Alicia"));
        Assert.False(m.MentionsMe("hi Alice"));
        Assert.StartsWith(" Alicia @ 127.0.0.1:5001", m.StatusText);
    }

    [Fact]
    public void A_rename_empties_the_peers_pane_until_the_members_join_again()
    {
        var m = Model();
        var bob = new PeerInfo("Bob", "20", "10001", "127.0.0.1", 6001);
        m.Apply([new PeerJoined(bob)]);

        m.Apply([new NameChanged("Alice", "Alicia", 1, 0)]);
        Assert.Equal(0, m.Roster.Count);
        m.Apply([new PeerJoined(bob)]);

        Assert.Equal(1, m.Roster.Count);
    }

    [Fact]
    public void Members_that_cannot_be_joined_again_are_named_in_one_line()
    {
        var m = Model();

        m.Apply([new NameChanged("Alice", "Alicia", 2, 1)]);

        Assert.Equal("12:34 -- 1 peer advertised no listen port: cannot join it again", LastLine(m));
    }

    [Fact]
    public void An_address_in_a_members_list_is_shown_inert()
    {
        var m = Model();
        var bob = new PeerInfo("Bob", "20", "10001", "127.0.0.1", 6001);

        m.Apply([new MemberListed(bob, [new ListedPeer("1.2.3.4\u001b[2J", 7000, null)])]);

        Assert.Equal("12:34 --   1.2.3.4␛[2J:7000  (not a member here)", LastLine(m));
    }
}
