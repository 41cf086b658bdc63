using System.Diagnostics;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

/// <summary>The kit's waits follow the test's TestKit: its enclosing Within and its time factor.</summary>
public sealed class TimingTests : PeerChatTestKit
{
    [Fact]
    public async Task Within_bounds_an_expectation_that_names_no_timeout()
    {
        var node = await StartNodeAsync("quiet");
        var clock = Stopwatch.StartNew();

        var failure = await FailureOfAsync(() => WithinAsync(TimeSpan.FromMilliseconds(800), () => node.ExpectMessageAsync()));

        Assert.StartsWith("quiet: expected a message within ", failure.Message);
        Assert.DoesNotContain("within 10s", failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Within_cuts_short_a_longer_timeout_given_inside_it()
    {
        var node = await StartNodeAsync("quiet");
        var clock = Stopwatch.StartNew();

        var failure = await FailureOfAsync(() => WithinAsync(TimeSpan.FromMilliseconds(800), () => node.ExpectPeerJoinedAsync(timeout: TimeSpan.FromSeconds(30))));

        Assert.StartsWith("quiet: expected a peer to join within ", failure.Message);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Within_bounds_awaiting_a_mesh()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");

        var failure = await FailureOfAsync(() => WithinAsync(TimeSpan.FromMilliseconds(800), () => AwaitMeshAsync([a, b])));

        Assert.StartsWith("mesh incomplete after ", failure.Message);
        Assert.DoesNotContain("after 10s", failure.Message);
    }

    /// <summary>The kit's own failure, out of the AggregateException that Akka's WithinAsync wraps it in.</summary>
    private static async Task<XunitException> FailureOfAsync(Func<Task> within)
    {
        var thrown = await Record.ExceptionAsync(within);
        var inner = thrown is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerException : thrown;
        Assert.True(inner?.GetType() == typeof(XunitException), $"expected the kit's failure, got {inner}");
        return (XunitException)inner!;
    }

    [Fact]
    public void PEERCHAT_TEST_TIMEFACTOR_is_the_kits_akka_test_timefactor()
    {
        Assert.Equal(PeerChatTimeouts.TimeFactor, TestKitSettings.TestTimeFactor);
    }
}

/// <summary>A plain Akka TestKit with its own time factor, the harness composed into it.</summary>
public sealed class DilationTests() : Akka.TestKit.Xunit2.TestKit("akka.test.timefactor = 3")
{
    [Fact]
    public async Task Timeouts_are_dilated_by_the_kits_akka_test_timefactor()
    {
        await using var harness = new PeerChatHarness(this);
        var node = await harness.StartNodeAsync("slow machine");

        var failure = await Assert.ThrowsAsync<XunitException>(() => node.ExpectMessageAsync(timeout: TimeSpan.FromMilliseconds(200)));

        Assert.StartsWith("slow machine: expected a message within 600ms,", failure.Message);
    }
}
