using Akka.TestKit.Xunit2;
using PeerChat.Node;

namespace PeerChat.App.Tests;

/// <summary>The one pacing of both front ends: at most max-in-flight broadcasts unaccepted, the rest in order.</summary>
public sealed class PacedSenderTests : TestKit
{
    [Fact]
    public async Task Past_the_window_a_broadcast_waits_and_leaves_in_order_as_others_are_accepted()
    {
        var node = CreateTestProbe();
        var sender = new PacedSender(node.Ref, maxInFlight: 2);

        var first = sender.SendAsync(["a"]);
        var second = sender.SendAsync(["b"]);
        var third = sender.SendAsync(["c", "d"]);

        Assert.True(first.IsCompleted && second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, sender.Waiting);
        Assert.Equal("a", (await node.ExpectMsgAsync<Broadcast>()).Text);
        Assert.Equal("b", (await node.ExpectMsgAsync<Broadcast>()).Text);
        var asker = node.LastSender;
        Assert.False(node.HasMessages); // the third waits for an answer
        Assert.False(third.IsCompleted);

        asker.Tell(BroadcastAccepted.Instance, Akka.Actor.ActorRefs.NoSender); // b's answer frees its place
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["c", "d"], (await node.ExpectMsgAsync<BroadcastLines>()).Texts);
        Assert.Equal(0, sender.Waiting);
    }

    [Fact]
    public async Task Abandoning_cancels_what_waits_and_sends_nothing_more()
    {
        var node = CreateTestProbe();
        var sender = new PacedSender(node.Ref, maxInFlight: 1);
        _ = sender.SendAsync(["sent"]);
        var waiting = sender.SendAsync(["never"]);
        await node.ExpectMsgAsync<Broadcast>();

        sender.Abandon();
        node.Reply(BroadcastAccepted.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(sender.SendAsync(["later"]).IsCanceled);
        await node.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }
}
