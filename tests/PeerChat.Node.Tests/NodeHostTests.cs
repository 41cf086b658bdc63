using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>The host every front end quits through: leave first, then terminate.</summary>
public sealed class NodeHostTests : PeerChatTestKit
{
    [Fact]
    public async Task Quitting_says_leave_to_every_member_then_terminates_the_system()
    {
        var node = await StartNodeAsync("n");
        var alice = await JoinRawPeerAsync(node, "alice", port: "7001");
        var bob = await JoinRawPeerAsync(node, "bob", port: "7002");
        await node.ExpectPeerJoinedAsync("bob");

        await node.QuitAsync();

        await alice.ExpectFrameAsync("leave");
        await bob.ExpectFrameAsync("leave");
        await alice.ExpectClosedByNodeAsync();
        await node.NodeHost.Terminated.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Quitting_twice_quits_once()
    {
        var node = await StartNodeAsync("n");
        var alice = await JoinRawPeerAsync(node, "alice", port: "7001");
        await node.ExpectPeerJoinedAsync("alice");

        await Task.WhenAll(node.QuitAsync(), node.QuitAsync());

        await alice.ExpectFrameAsync("leave");
        await alice.ExpectClosedByNodeAsync();
        Assert.True(node.NodeHost.Terminated.IsCompleted);
    }

    [Fact]
    public async Task Started_says_listening_with_the_real_port()
    {
        var node = await StartNodeAsync("n");

        var started = Assert.IsType<Listening>(await node.NodeHost.Started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(node.Port, started.Port);
    }

    [Fact]
    public async Task Serializing_a_message_is_refused_with_an_error_instead_of_json()
    {
        var node = await StartNodeAsync("n");

        var serializer = node.NodeHost.System.Serialization.FindSerializerFor("a chat line");

        Assert.IsType<NoSerialization>(serializer);
        var refused = Assert.Throws<NotSupportedException>(() => serializer.ToBinary("a chat line"));
        Assert.Contains("does not serialize", refused.Message);
    }
}
