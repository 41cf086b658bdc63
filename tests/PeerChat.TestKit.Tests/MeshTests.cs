using PeerChat.Testing;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

public sealed class MeshTests : PeerChatTestKit
{
    [Fact]
    public async Task Await_mesh_fails_naming_each_missing_pair()
    {
        var alice = await StartNodeAsync("alice");
        var bob = await StartNodeAsync("bob");
        var carol = await StartNodeAsync("carol");
        bob.ConnectTo(alice);
        await AwaitMeshAsync([alice, bob]);

        var failure = await Assert.ThrowsAsync<XunitException>(() => AwaitMeshAsync([alice, bob, carol], TimeSpan.FromMilliseconds(500)));

        Assert.Equal($"mesh incomplete after {Shown(TimeSpan.FromMilliseconds(500))}: alice does not see carol; bob does not see carol; carol does not see alice; carol does not see bob", failure.Message);
    }

    [Fact]
    public async Task Await_mesh_failure_shows_the_errors_the_nodes_reported()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");
        var closed = RawPeerListener.Start();
        await closed.DisposeAsync(); // nobody listens there any more
        a.ConnectTo("127.0.0.1", closed.Port);
        await AwaitAssertAsync(() => Assert.True(a.Events.HasMessages));

        var failure = await Assert.ThrowsAsync<XunitException>(() => AwaitMeshAsync([a, b], TimeSpan.FromMilliseconds(300)));

        Assert.StartsWith($"mesh incomplete after {Shown(TimeSpan.FromMilliseconds(300))}: a does not see b; b does not see a\nErrors the nodes reported meanwhile:\n  a: cannot join 127.0.0.1:", failure.Message);
        Assert.StartsWith($"cannot join 127.0.0.1:{closed.Port}: ", await a.ExpectErrorAsync()); // still there for the test to take
    }

    [Fact]
    public async Task Await_mesh_names_a_node_that_no_longer_answers()
    {
        var (a, b) = await StartMeshAsync("a", "b");
        b.Kill();
        var failure = await Assert.ThrowsAsync<XunitException>(() => AwaitMeshAsync([a, b], TimeSpan.FromMilliseconds(500)));
        Assert.Contains("b does not answer", failure.Message);
    }

    [Fact]
    public async Task Start_mesh_through_named_members_builds_a_full_mesh()
    {
        var nodes = await StartMeshAsync(("hub", null), ("spoke1", "hub"), ("spoke2", "spoke1"), ("spoke3", "spoke2"));
        foreach (var node in nodes)
            Assert.Equal(3, (await node.PeersAsync()).Count);
    }

    [Fact]
    public async Task Start_mesh_refuses_a_via_that_is_not_an_earlier_member()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => StartMeshAsync(("a", null), ("b", "c"), ("c", "a")));
        Assert.StartsWith("b joins through 'c', which is not an earlier member", failure.Message);
    }

    [Fact]
    public async Task Join_mesh_joins_nodes_started_separately()
    {
        var nodes = new[] { await StartNodeAsync("x"), await StartNodeAsync("y"), await StartNodeAsync("z") };
        await JoinMeshAsync(nodes);
        Assert.Equal(["y", "z"], (await nodes[0].PeersAsync()).Select(p => p.Name));
    }

    /// <summary>How a failure message words <paramref name="timeout"/>, once this kit has dilated it.</summary>
    private string Shown(TimeSpan timeout) => EventInbox.Seconds(Dilated(timeout));
}
