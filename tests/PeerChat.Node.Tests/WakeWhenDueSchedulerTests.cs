using System.Diagnostics;
using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>The scheduler peerchat.conf configures: timers still fire, on time, and cancelled ones never do.</summary>
public sealed class WakeWhenDueSchedulerTests : PeerChatTestKit
{
    [Fact]
    public async Task A_node_runs_on_the_scheduler_that_sleeps_until_a_timer_is_due()
    {
        var node = await StartNodeAsync("n");
        Assert.IsType<WakeWhenDueScheduler>(node.System.Scheduler);
    }

    [Fact]
    public async Task A_scheduled_message_arrives_once_its_delay_has_passed()
    {
        var node = await StartNodeAsync("n");
        var probe = CreateTestProbe(node.System);
        var clock = Stopwatch.StartNew();
        node.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(300), probe.Ref, "due", ActorRefs.NoSender);

        await probe.ExpectMsgAsync("due", TimeSpan.FromSeconds(5));
        // .NET timers count whole milliseconds, so allow one early; never a tick (10 ms) early.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(299), $"arrived after {clock.Elapsed.TotalMilliseconds} ms");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // once, not again
    }

    [Fact]
    public async Task A_cancelled_message_never_arrives()
    {
        var node = await StartNodeAsync("n");
        var probe = CreateTestProbe(node.System);
        var cancel = node.System.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(100), probe.Ref, "cancelled", ActorRefs.NoSender);
        cancel.Cancel();

        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task A_repeated_message_keeps_arriving_until_cancelled()
    {
        var node = await StartNodeAsync("n");
        var probe = CreateTestProbe(node.System);
        var cancel = node.System.Scheduler.ScheduleTellRepeatedlyCancelable(
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), probe.Ref, "again", ActorRefs.NoSender);
        for (var i = 0; i < 3; i++) await probe.ExpectMsgAsync("again", TimeSpan.FromSeconds(5));
        cancel.Cancel();

        // One may already be on its way when Cancel runs; none after that.
        var late = probe.ReceiveWhile(TimeSpan.FromMilliseconds(400), m => m);
        Assert.True(late.Count <= 1, $"{late.Count} messages after cancelling");
    }
}
