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

        var failure = await FailureInsideWithinAsync(() => node.ExpectMessageAsync());

        Assert.StartsWith("quiet: expected a message within ", failure.Message);
    }

    [Fact]
    public async Task Within_cuts_short_a_longer_timeout_given_inside_it()
    {
        var node = await StartNodeAsync("quiet");

        var failure = await FailureInsideWithinAsync(() => node.ExpectPeerJoinedAsync(timeout: TimeSpan.FromSeconds(30)));

        Assert.StartsWith("quiet: expected a peer to join within ", failure.Message);
    }

    [Fact]
    public async Task Within_bounds_awaiting_a_mesh()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");

        var failure = await FailureInsideWithinAsync(() => AwaitMeshAsync([a, b]));

        Assert.StartsWith("mesh incomplete after ", failure.Message);
    }

    /// <summary>
    /// Runs <paramref name="wait"/> inside an 800 ms <c>WithinAsync</c> and returns its own failure. The
    /// block's outcome is not the proof (Akka's Within fails a block that overruns, whatever the wait
    /// does): the wait itself must have given up, well before its own timeout of 10 s or more.
    /// </summary>
    private async Task<XunitException> FailureInsideWithinAsync(Func<Task> wait)
    {
        Task? waiting = null;
        var clock = Stopwatch.StartNew();
        await Record.ExceptionAsync(() => WithinAsync(TimeSpan.FromMilliseconds(800), () => waiting = wait()));
        var thrown = await Record.ExceptionAsync(() => waiting!.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(thrown?.GetType() == typeof(XunitException), $"expected the wait to give up with the kit's failure, got {thrown}");
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
        return (XunitException)thrown!;
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
