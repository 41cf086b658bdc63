using PeerChat.Node;
using PeerChat.Testing;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

/// <summary>How the node handles' expectations take events, wait and fail.</summary>
public sealed class ExpectationTests : PeerChatTestKit
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Expectations_take_events_in_any_order_and_each_event_only_once()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        a.Say("one");
        a.Say("two");

        await b.ExpectMessageAsync(from: "a", text: "two");
        await b.ExpectMessageAsync(from: "a", text: "one");
        var again = await Assert.ThrowsAsync<XunitException>(() => b.ExpectMessageAsync(from: "a", text: "one", timeout: Short));
        Assert.Contains($"b: expected message \"one\" from a within {Shown(Short)}, but it did not come.", again.Message);
    }

    [Fact]
    public async Task A_missed_expectation_lists_the_events_that_did_arrive()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        a.Say("hello");

        var failure = await Assert.ThrowsAsync<XunitException>(() => b.ExpectMessageAsync(from: "a", text: "goodbye", timeout: Short));

        Assert.Contains("message from a (127.0.0.1:", failure.Message);
        Assert.Contains("\"hello\"", failure.Message);
        Assert.Contains("peer-joined a", failure.Message);
    }

    [Fact]
    public async Task Expect_no_message_ignores_other_events()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        var c = await StartNodeAsync("c");
        c.ConnectTo(a);
        await b.ExpectNoMessageAsync(Short); // c's arrival is not a message
        await b.ExpectPeerJoinedAsync("c");
    }

    [Fact]
    public async Task Expect_no_message_fails_on_a_message_that_arrives_in_the_window_or_was_never_taken()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        a.Say("unexpected");
        await b.ExpectMessageAsync(from: "a", text: "unexpected");

        var window = b.ExpectNoMessageAsync(TimeSpan.FromSeconds(5));
        a.Say("during");
        var during = await Assert.ThrowsAsync<XunitException>(() => window);
        Assert.Contains("received message from a", during.Message);

        a.Say("earlier");
        await b.ExpectMessageAsync(from: "a", text: "earlier");
        a.Say("untaken");
        await b.ExpectMessageAsync(from: "a"); // takes "untaken"
        a.Say("left over");
        a.Say("marker");
        await b.ExpectMessageAsync(from: "a", text: "marker"); // "left over" came first: it waits, untaken
        await b.ExpectNoMessageAsync(Short, from: "nobody");
        var leftOver = await Assert.ThrowsAsync<XunitException>(() => b.ExpectNoMessageAsync(Short));
        Assert.Contains("already received message from a", leftOver.Message);
    }

    [Fact]
    public async Task Messages_in_order_fails_naming_the_first_line_out_of_place()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        a.Say("1");
        a.Say("2");
        a.Say("3");

        var failure = await Assert.ThrowsAsync<XunitException>(() => b.ExpectMessagesInOrderAsync("a", ["1", "3", "2"]));

        Assert.Equal("b: message 2 from a was \"2\", expected \"3\".", failure.Message);
    }

    [Fact]
    public async Task Peer_left_with_another_reason_fails_at_once()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        await b.LeaveAsync();

        var failure = await Assert.ThrowsAsync<XunitException>(() => a.ExpectPeerLeftAsync("b", LeaveReason.Disconnected));

        Assert.Equal("a: b left with reason leave, expected disconnected.", failure.Message);
    }

    [Fact]
    public async Task Kill_stops_a_node_without_leave_so_its_peers_see_it_disconnected()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        b.Kill();
        Assert.True(b.System.WhenTerminated.IsCompleted);
        await a.ExpectPeerLeftAsync("b", LeaveReason.Disconnected);
        Assert.Empty(await a.PeersAsync());
    }

    [Fact]
    public async Task An_error_is_expected_by_the_text_a_headless_node_would_print()
    {
        var a = await StartNodeAsync("a");
        a.ConnectTo(a);
        Assert.Equal($"cannot join 127.0.0.1:{a.Port}: that is this node's own address", await a.ExpectErrorAsync("own address"));
    }

    [Fact]
    public async Task Expect_no_event_counts_arrivals_but_not_the_nodes_own_echoes()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        await a.ExpectPeerJoinedAsync("b");
        a.Say("mine");
        await a.ExpectNoEventAsync(Short); // MessageSent is an echo of its own command

        await b.ExpectPeerJoinedAsync("a");
        await b.ExpectMessageAsync("a", "mine");
        await b.ExpectNoEventAsync(Short);
        var late = await StartNodeAsync("late");
        late.ConnectTo(b);
        var failure = await Assert.ThrowsAsync<XunitException>(() => b.ExpectNoEventAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("peer-joined late", failure.Message);
    }

    [Fact]
    public async Task Discarding_events_leaves_only_what_follows()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        a.Say("old");
        await b.ExpectMessageAsync("a", "old");
        a.Say("older news");
        await AwaitAssertAsync(() => Assert.True(b.Events.HasMessages));
        b.DiscardEvents();
        await b.ExpectNoMessageAsync(Short);
        a.Say("new");
        await b.ExpectMessageAsync("a", "new");
    }

    [Fact]
    public async Task Node_settings_take_hocon_overrides_and_each_node_gets_its_own_identity()
    {
        var a = await StartNodeAsync("a", "peerchat.identity.zip = \"99999\"");
        var b = await StartNodeAsync("b ✓ \"quoted\"");
        Assert.Equal("99999", a.Settings.Zip);
        Assert.Equal("b ✓ \"quoted\"", b.Name);
        Assert.NotEqual(a.Settings.Age, b.Settings.Age);
        Assert.NotEqual(a.Port, b.Port);
        b.ConnectTo(a);
        Assert.Equal(new PeerInfo(b.Name, b.Settings.Age, b.Settings.Zip, "127.0.0.1", b.Port), (await a.ExpectPeerJoinedAsync(b.Name)).Peer);
    }

    /// <summary>How a failure message words <paramref name="timeout"/>, once this kit has dilated it.</summary>
    private string Shown(TimeSpan timeout) => EventInbox.Seconds(Dilated(timeout));
}
