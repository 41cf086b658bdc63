using PeerChat.App.Tui;
using Akka.Actor;
using PeerChat.App;
using PeerChat.Node;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Input;

namespace PeerChat.Tui.Tests;

/// <summary>
/// <c>/help</c>, <c>/clear</c>, <c>/who HOST:PORT|NAME</c>, <c>/nick</c> and context-aware Tab on
/// the chat screen, against a real node on loopback and other real nodes. The test thread is the UI
/// thread: these tests block, never await (see <see cref="ScreenTests"/>).
/// </summary>
[Collection(nameof(ScreenTests))]
public sealed class CommandScreenTests : IDisposable
{
    private readonly Disposables _cleanup = new();

    public void Dispose() => _cleanup.Dispose();

    private ScreenHarness Start(string name = "Me", int rows = 40) => _cleanup.Add(ScreenHarness.Start(name, 120, rows));

    /// <summary>The screen's node joins <paramref name="other"/> (and so its network) by typing /connect.</summary>
    private static void Connect(ScreenHarness screen, OtherNode other, string name)
    {
        screen.Enter($"/connect 127.0.0.1:{other.Port}");
        screen.WaitForText($"{name} joined");
    }

    [Fact]
    public void Help_lists_every_command_with_one_line_each()
    {
        var screen = Start();

        screen.Enter("/help");

        var text = screen.WaitForText("commands:");
        foreach (var (usage, meaning) in CommandSet.Screen.HelpLines)
            Assert.Contains($"{usage,-20} {meaning[..Math.Min(meaning.Length, 40)]}", text);
    }

    [Fact]
    public void Clear_empties_the_log_view_and_the_next_line_shows_alone()
    {
        var screen = Start();
        screen.WaitForText("listening on");
        screen.Enter("/help");
        screen.WaitForText("commands:");

        screen.Enter("/clear");

        screen.WaitFor(s => !s.Contains("listening on") && !s.Contains("commands:"), "an empty log");
        Assert.Equal(0, screen.Model.Log.Count);
        Assert.Equal("", screen.InputText);
        screen.Enter("/nope");
        // A log emptied starts again with the day, then the next line.
        Assert.Equal(2, screen.Model.Log.Count);
        Assert.Equal(EntryKind.Day, screen.Model.Log[0].Kind);
        Assert.Contains("/nope", screen.Model.Log[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Who_name_shows_that_members_list_as_a_block_naming_the_peers_known_here()
    {
        using var bob = OtherNode.Start("Bob");
        using var carol = OtherNode.Start("Carol");
        carol.Node.Tell(new ConnectTo("127.0.0.1", bob.Port));
        bob.Expect<PeerJoined>(j => j.Peer.Name == "Carol");
        var screen = Start();
        Connect(screen, bob, "Bob");
        screen.WaitForText("Carol joined");

        screen.Enter("/who Bob");

        screen.WaitForText($"Bob (127.0.0.1:{bob.Port}) lists 1 peer besides you and itself:");
        screen.WaitForText($"--   Carol  127.0.0.1:{carol.Port}");
    }

    [Fact]
    public void Who_of_someone_who_is_no_member_is_one_error_line()
    {
        var screen = Start();

        screen.Enter("/who Zed");

        screen.WaitForText("!! /who: no member is called Zed (/peers lists the members)");
    }

    [Fact]
    public void Nick_renames_everywhere_on_screen_and_the_other_side_sees_a_leave_then_a_join()
    {
        using var bob = OtherNode.Start("Bob");
        var screen = Start();
        Connect(screen, bob, "Bob");
        bob.Expect<PeerJoined>(j => j.Peer.Name == "Me");

        screen.Enter("/nick Neo");

        screen.WaitForText("you are now Neo: left 1 peer and joining again under the new name");
        Assert.Contains(bob.Expect<PeerLeft>(l => l.Peer.Name == "Me").Reason, new[] { LeaveReason.Leave, LeaveReason.Replaced });
        bob.Expect<PeerJoined>(j => j.Peer.Name == "Neo");
        screen.WaitFor(s => s.Contains("Neo @ 127.0.0.1") && s.Contains("Peers (1)"), "the status bar under the new name, Bob back");
        screen.Enter("hello from Neo");
        Assert.Equal("Neo", bob.Expect<MessagesReceived>().From.Name);
    }

    [Fact]
    public void Nick_without_a_name_is_one_error_line_and_the_input_stays()
    {
        var screen = Start();

        screen.Enter("/nick");

        screen.WaitForText("!! /nick needs a name: /nick NAME, like /nick alice");
        Assert.Equal("/nick", screen.InputText);
    }

    [Fact]
    public void Nick_to_the_current_name_is_one_error_line()
    {
        var screen = Start();

        screen.Enter("/nick Me");

        screen.WaitForText("!! /nick: you are already called Me");
    }

    [Fact]
    public void Tab_after_who_completes_a_members_name_and_after_zip_adds_nothing()
    {
        using var bob = OtherNode.Start("Bob");
        var screen = Start();
        Connect(screen, bob, "Bob");

        screen.Type("/who B");
        screen.Press(Key.Tab);
        screen.Pump();
        Assert.Equal("/who Bob ", screen.InputText);

        screen.Press(Key.Enter); // runs it: the input line is empty again
        screen.Type("/zip ");
        screen.Press(Key.Tab);
        screen.Pump();
        Assert.Equal("/zip ", screen.InputText);
    }
}
