using System.Text;
using Akka.Actor;
using Akka.TestKit;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>
/// Flow control, per connection: a peer that stops reading is dropped, a local sender is paced by
/// backlogged members, and a flooding peer is read only as fast as the front end confirms.
/// </summary>
public sealed class FlowControlTests : PeerChatTestKit
{
    private static byte[] Messages(int from, int count) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(from, count).Select(i => $"{{\"type\":\"message\",\"message\":\"{i}\"}}\n")));

    [Fact]
    public async Task A_peer_that_stops_reading_is_dropped_as_stalled_while_a_reader_gets_every_message_in_order()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.stall = 500ms\npeerchat.limits.outbound-high-water = 64 KiB");
        var sleeper = await JoinRawPeerAsync(node, "sleeper", port: "7001");
        var reader = await JoinRawPeerAsync(node, "reader", port: "7002");
        await node.ExpectPeerJoinedAsync("reader");
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
                .ContinueWith(_ => window.Release(), TaskScheduler.Default);
        }

        var left = await node.ExpectPeerLeftAsync("sleeper", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(LeaveReason.Stalled, left.Reason);
        await reading;
    }

    [Fact]
    public async Task A_peer_that_stops_reading_is_dropped_once_its_unconfirmed_bytes_pass_max_outbound_buffer()
    {
        // A stall timeout far beyond the test's wait: only the buffer's limit can drop the peer in time.
        var node = await StartNodeAsync("n", "peerchat.limits.max-outbound-buffer = 1 MiB\npeerchat.timeouts.stall = 10m");
        var sleeper = await JoinRawPeerAsync(node, "sleeper");
        await node.ExpectPeerJoinedAsync("sleeper");
        sleeper.PauseReading();

        // ~25 MB, sent without waiting for acceptance: far more than the socket buffers hold and the limit allows.
        var payload = new string('z', 64 * 1024);
        for (var i = 0; i < 400; i++) node.Node.Tell(new Broadcast($"{i} {payload}"));

        var left = await node.ExpectPeerLeftAsync("sleeper", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(LeaveReason.Stalled, left.Reason);
    }

    [Fact]
    public async Task A_local_sender_is_paced_while_a_member_is_backlogged_and_released_when_it_drains()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.outbound-high-water = 16 KiB\npeerchat.timeouts.stall = 30s");
        var slow = await JoinRawPeerAsync(node, "slow");
        await node.ExpectPeerJoinedAsync("slow");
        slow.PauseReading();
        var payload = new string('y', 64 * 1024);

        // Broadcast until one is held back. A status question sent right after each broadcast is
        // answered in order: its answer coming first means the broadcast was not accepted.
        var probe = CreateTestProbe(node.System);
        var sent = 0;
        while (true)
        {
            node.Node.Tell(new Broadcast($"{sent++} {payload}"), probe.Ref);
            node.Node.Tell(GetStatus.Instance, probe.Ref);
            if (await probe.ReceiveOneAsync(TimeSpan.FromSeconds(10)) is NodeStatus) break;
            await probe.ExpectMsgAsync<NodeStatus>(TimeSpan.FromSeconds(10));
            Assert.True(sent < 2000, "the node never paced the sender");
        }

        // ...then read: the held acceptance arrives, and every line came through in order.
        slow.ResumeReading();
        for (var i = 0; i < sent; i++)
            Assert.StartsWith($"{i} ", (await slow.ExpectFrameAsync("message", TimeSpan.FromSeconds(30))).GetProperty("message").GetString());
        await probe.ExpectMsgAsync<BroadcastAccepted>(TimeSpan.FromSeconds(30));
        Assert.Single(await node.PeersAsync());
    }

    [Fact]
    public async Task A_flooding_peer_is_read_only_as_far_as_the_front_end_confirms_and_nothing_is_lost()
    {
        const int window = 2;
        var node = await StartNodeAsync("n", $"peerchat.limits.inbound-window = {window}", paced: true);
        var batches = CreateTestProbe(node.System);
        node.System.EventStream.Subscribe(batches.Ref, typeof(MessagesReceived));
        var flooder = await JoinRawPeerAsync(node, "flood", port: "7001");
        var asker = await JoinRawPeerAsync(node, "asker", port: "7002");
        await node.ExpectPeerJoinedAsync("asker");
        const int total = 30_000;
        var flood = flooder.SendRawAsync(Messages(0, total));

        var received = 0;
        while (received < total)
        {
            // Hold confirmations: at most the window and the one read pulled ahead arrive.
            var held = new List<MessagesReceived>();
            while (held.Count < window + 1 && received < total)
            {
                var batch = await batches.ExpectMsgAsync<MessagesReceived>(TimeSpan.FromSeconds(10));
                foreach (var text in batch.Texts) Assert.Equal((received++).ToString(CultureInfo.InvariantCulture), text);
                held.Add(batch);
            }
            // Another member is served meanwhile; by its answer, the flooder's reads have had their chance.
            await asker.SendAsync("""{"type":"who"}""");
            await asker.ExpectFrameAsync("who-reply");
            Assert.False(batches.HasMessages, "the connection read past its window while nothing was confirmed");
            foreach (var batch in held) batch.Confirm();
        }
        await flood;
    }

    [Fact]
    public async Task A_flood_of_a_million_messages_arrives_whole_and_in_order_through_a_paced_node()
    {
        var node = await StartNodeAsync("n", paced: true);
        var batches = CreateTestProbe(node.System);
        node.System.EventStream.Subscribe(batches.Ref, typeof(MessagesReceived));
        var flooder = await JoinRawPeerAsync(node, "flood", port: "7001");
        await node.ExpectPeerJoinedAsync("flood");

        const int total = 1_000_000;
        var flood = Task.Run(async () =>
        {
            for (var i = 0; i < total; i += 2000) await flooder.SendRawAsync(Messages(i, Math.Min(2000, total - i)));
        });

        // A front end that confirms each batch once it has "shown" it.
        var next = 0;
        while (next < total)
        {
            var batch = await batches.ExpectMsgAsync<MessagesReceived>(TimeSpan.FromSeconds(30));
            foreach (var text in batch.Texts)
                if (text != (next++).ToString(CultureInfo.InvariantCulture)) Assert.Fail($"message {next - 1} arrived as '{text}'");
            batch.Confirm();
        }
        await flood;
    }
}
