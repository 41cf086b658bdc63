using System.Text;
using Akka.TestKit;
using PeerChat.Node;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>How chat reaches a front end: the lines of one read as one <see cref="MessagesReceived"/>, in order.</summary>
public sealed class ChatEventTests : PeerChatTestKit
{
    private static byte[] Lines(IEnumerable<string> frames) => Encoding.UTF8.GetBytes(string.Concat(frames.Select(f => f + "\n")));

    /// <summary>A node, a probe that hears its events as published (batches and all), and a raw peer "bob" joined to it.</summary>
    private async Task<(TestProbe Events, RawPeer Bob)> NodeWithBobAsync()
    {
        var node = await StartNodeAsync("n");
        var probe = CreateTestProbe(node.System);
        node.System.EventStream.Subscribe(probe.Ref, typeof(ChatEvent));
        var bob = await JoinRawPeerAsync(node, "bob", port: "7001");
        await node.ExpectPeerJoinedAsync("bob");
        return (probe, bob);
    }

    [Fact]
    public async Task Lines_that_arrive_together_are_published_as_one_event_in_order()
    {
        var (events, bob) = await NodeWithBobAsync();

        const int total = 200;
        await bob.SendRawAsync(Lines(Enumerable.Range(0, total).Select(i => RawFrames.Message($"line {i}"))));

        var texts = new List<string>();
        var batches = 0;
        while (texts.Count < total)
        {
            var batch = (MessagesReceived)await events.FishForMessageAsync(m => m is MessagesReceived, TimeSpan.FromSeconds(10));
            Assert.Equal("bob", batch.From.Name);
            texts.AddRange(batch.Texts);
            batches++;
        }
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"line {i}"), texts);
        // One write of 200 short lines comes in one read or a few, never one event per line.
        Assert.True(batches < total / 10, $"{total} lines came in {batches} events");
    }

    [Fact]
    public async Task Lines_sent_just_before_leave_are_published_before_the_peer_left()
    {
        var (events, bob) = await NodeWithBobAsync();

        await bob.SendRawAsync(Lines([RawFrames.Message("one"), RawFrames.Message("two"), RawFrames.Leave]));

        var texts = new List<string>();
        while (true)
        {
            var e = await events.FishForMessageAsync(m => m is MessagesReceived or PeerLeft, TimeSpan.FromSeconds(10));
            if (e is PeerLeft left)
            {
                Assert.Equal(LeaveReason.Leave, left.Reason);
                break;
            }
            texts.AddRange(((MessagesReceived)e).Texts);
        }
        Assert.Equal(["one", "two"], texts);
    }

}
