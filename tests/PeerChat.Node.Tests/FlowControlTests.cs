using PeerChat.Testing;
using Akka.Actor;

namespace PeerChat.Node.Tests;

/// <summary>Outbound flow control: a peer that stops reading is dropped, everyone else gets everything, in order.</summary>
public sealed class FlowControlTests : NodeTestKit
{
    [Fact]
    public async Task A_peer_that_stops_reading_is_dropped_as_stalled_while_a_reader_gets_every_message_in_order()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.stall = 500ms\npeerchat.limits.outbound-high-water = 64 KiB");
        await using var sleeper = await RawPeer.JoinAsync(node.Port, "sleeper", port: "7001");
        await using var reader = await RawPeer.JoinAsync(node.Port, "reader", port: "7002");
        await node.ExpectJoinedAsync("reader");
        sleeper.PauseReading();

        var payload = new string('x', 8 * 1024);
        const int count = 3000; // ~24 MB: far beyond what the sleeper's socket buffers can hold
        var reading = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var frame = await reader.ExpectFrameAsync("message", TimeSpan.FromSeconds(30));
                Assert.Equal($"{i} {payload}", frame.GetProperty("message").GetString());
            }
        });
        // Sent as every local sender does: a few broadcasts in flight, the next once one is accepted.
        using var window = new SemaphoreSlim(node.Settings.MaxSendsInFlight);
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync();
            _ = node.Node.Ask<BroadcastAccepted>(new Broadcast($"{i} {payload}"), TimeSpan.FromSeconds(60))
                .ContinueWith(_ => window.Release());
        }

        var left = await node.ExpectLeftAsync("sleeper");
        Assert.Equal(LeaveReason.Stalled, left.Reason);
        await reading;
    }

    [Fact]
    public async Task A_local_sender_is_paced_while_a_member_is_backlogged_and_released_when_it_drains()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.outbound-high-water = 16 KiB\npeerchat.timeouts.stall = 30s");
        await using var slow = await RawPeer.JoinAsync(node.Port, "slow");
        await node.ExpectJoinedAsync("slow");
        slow.PauseReading();
        var payload = new string('y', 64 * 1024);

        // Fill the socket until the node stops accepting our broadcasts...
        var probe = CreateTestProbe(node.System);
        var sent = 0;
        while (true)
        {
            node.Node.Tell(new Broadcast($"{sent++} {payload}"), probe.Ref);
            if (await probe.ReceiveOneAsync(TimeSpan.FromMilliseconds(500)) is null) break;
            Assert.True(sent < 2000, "the node never paced the sender");
        }

        // ...then read: the held acceptance arrives, and every line came through in order.
        slow.ResumeReading();
        var drained = Task.Run(async () =>
        {
            for (var i = 0; i < sent; i++)
                Assert.StartsWith($"{i} ", (await slow.ExpectFrameAsync("message", TimeSpan.FromSeconds(30))).GetProperty("message").GetString());
        });
        await probe.ExpectMsgAsync<BroadcastAccepted>(TimeSpan.FromSeconds(30));
        await drained;
        await node.Events.FishForMessageAsync(m => m is MessageSent, TimeSpan.FromSeconds(1));
        Assert.Single(await node.PeersAsync());
    }

    [Fact]
    public async Task A_flooding_peer_is_paused_while_the_front_end_lags_and_nothing_is_lost()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.inbound-backlog = 1000");
        var pacing = InboundPacing.For(node.System);
        pacing.Activate();
        await using var flooder = await RawPeer.JoinAsync(node.Port, "flood", port: "7001");
        await node.ExpectJoinedAsync("flood");
        const int total = 30_000;
        var flood = Task.Run(() => flooder.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(
            string.Concat(Enumerable.Range(0, total).Select(i => $"{{\"type\":\"message\",\"message\":\"{i}\"}}\n")))));

        // Nobody reports handling anything: the node reads about the backlog's worth, then waits.
        var received = 0;
        while (await node.Events.ReceiveOneAsync(TimeSpan.FromMilliseconds(500)) is { } e)
            if (e is MessageReceived m) Assert.Equal((received++).ToString(), m.Text);
        Assert.InRange(received, 1000, 10_000);

        // Meanwhile another peer is still answered.
        await using var asker = await RawPeer.JoinAsync(node.Port, "asker", port: "7002");
        await asker.SendAsync("""{"type":"who"}""");
        await asker.ExpectFrameAsync("who-reply");

        // As the front end catches up, the rest flows, in order, none lost.
        pacing.Handled(received);
        while (received < total)
        {
            var next = await node.ExpectAsync<MessageReceived>();
            Assert.Equal((received++).ToString(), next.Text);
            pacing.Handled();
        }
        await flood;
    }

    [Fact]
    public async Task A_flood_of_a_million_messages_arrives_whole_and_in_order_while_the_backlog_stays_bounded()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.inbound-backlog = 5000");
        var pacing = InboundPacing.For(node.System);
        pacing.Activate();
        await using var flooder = await RawPeer.JoinAsync(node.Port, "flood", port: "7001");
        await node.ExpectJoinedAsync("flood");
        await node.DrainAsync();

        const int total = 1_000_000;
        var flood = Task.Run(async () =>
        {
            var batch = new System.Text.StringBuilder();
            for (var i = 0; i < total; i++)
            {
                batch.Append("{\"type\":\"message\",\"message\":\"").Append(i).Append("\"}\n");
                if (batch.Length > 60_000) { await flooder.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(batch.ToString())); batch.Clear(); }
            }
            await flooder.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(batch.ToString()));
        });

        // A front end that shows each message as it comes; meanwhile the unshown backlog is watched.
        long peak = 0;
        for (var i = 0; i < total; i++)
        {
            var m = (MessageReceived)await node.Events.FishForMessageAsync(e => e is MessageReceived, TimeSpan.FromSeconds(30));
            if (m.Text != i.ToString()) Assert.Fail($"message {i} arrived as '{m.Text}'");
            peak = Math.Max(peak, pacing.Backlog);
            pacing.Handled();
        }
        await flood;
        // One read (16 KiB, about 800 of these frames) may land on top of the limit, and one more already pulled.
        Assert.InRange(peak, 1, 5000 + 2 * 1000);
    }
}
