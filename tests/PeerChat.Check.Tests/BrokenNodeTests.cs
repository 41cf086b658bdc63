using PeerChat.Conformance;

namespace PeerChat.Check.Tests;

/// <summary>The checks against small nodes that get one thing wrong, as implementations in the wild do.</summary>
public sealed class BrokenNodeTests
{
    [Fact]
    public async Task A_node_without_faults_passes_every_check_so_each_fault_below_is_what_fails()
    {
        await using var node = TinyNode.Start();

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese();
    }

    [Fact]
    public async Task Numbers_sent_as_json_numbers_fail_the_string_checks_showing_the_frame()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.NumbersAsJsonNumbers);

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese("join.reply-strings", "who.strings");
        var strings = report.Result("join.reply-strings");
        Assert.Equal(CheckStatus.Fail, strings.Status);
        Assert.Equal("\"age\", \"zip\" and \"port\" as JSON strings", strings.Expected);
        Assert.Equal($$"""{"type":"join-reply","name":"Tiny","age":20,"zip":12345,"port":{{node.Port}}} ("age" a JSON number, "zip" a JSON number, "port" a JSON number)""", strings.Got);
        Assert.Contains(strings.Sent, s => s.Contains("\"type\":\"join\"", StringComparison.Ordinal));
        Assert.Contains("\"port\" a JSON number", report.Result("who.strings").Got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_the_requester_in_its_who_reply_fails_the_who_checks_naming_it()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.ListsRequester);

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese("who.excludes-requester", "who.n-minus-2");
        var excludes = report.Result("who.excludes-requester");
        var expected = System.Text.RegularExpressions.Regex.Match(excludes.Expected!, """^no entry for check-1 itself \(port "(\d+)"\)$""");
        Assert.True(expected.Success, excludes.Expected);
        var port = expected.Groups[1].Value;
        // Members of earlier checks may still be listed while the tiny node sees their connections close.
        Assert.StartsWith("""{"type":"who-reply","peers":[""", excludes.Got, StringComparison.Ordinal);
        Assert.Contains($$"""{"ip":"127.0.0.1","port":"{{port}}"}""", excludes.Got, StringComparison.Ordinal);
        Assert.Equal($"check-2 and check-3 once each, not check-1 (who asked), not the node itself (port \"{node.Port}\")", report.Result("who.n-minus-2").Expected);
        Assert.EndsWith("(check-1 listed)", report.Result("who.n-minus-2").Got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswered_join_fails_every_check_that_joins_saying_nothing_came()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.NoJoinReply);

        var report = await Checks.RunAsync(node.Port, TimeSpan.FromSeconds(1.5), "framing", "join");

        Assert.All(report.Results, r => Assert.NotEqual(CheckStatus.Pass, r.Status));
        var reply = report.Result("join.reply");
        Assert.Equal(CheckStatus.Fail, reply.Status);
        Assert.Equal("a join-reply to a well-formed join", reply.Expected);
        Assert.Equal("check-1: expected a 'join-reply' frame, but none within 1.5s. No other line arrived.", reply.Got);
        Assert.Equal(CheckStatus.Warn, report.Result("join.reply-first").Status);
    }

    [Fact]
    public async Task Closing_the_connection_on_garbage_fails_the_robustness_checks_saying_it_closed()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.ClosesOnGarbage);

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese("robust.garbage", "robust.not-an-object");
        var garbage = report.Result("robust.garbage");
        Assert.Equal(["check-1 → this is not JSON {\"type\":", "check-1 → {\"type\":\"who\"}"], garbage.Sent.TakeLast(2));
        Assert.Contains("closed", garbage.Got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_departure_is_a_warning_and_the_run_still_passes()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.AnswersWhoBeforeJoin);

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese("robust.before-join");
        var before = report.Result("robust.before-join");
        Assert.Equal(CheckStatus.Warn, before.Status);
        Assert.StartsWith("{\"type\":\"who-reply\"", before.Got, StringComparison.Ordinal);
        Assert.True(report.Passed);
    }
}
