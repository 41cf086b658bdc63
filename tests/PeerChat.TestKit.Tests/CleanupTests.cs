using System.Net.Sockets;
using Akka.TestKit.Xunit2;
using PeerChat.Testing;

namespace PeerChat.Testing.Tests;

/// <summary>The harness composed into a plain Akka TestKit, and what disposing it cleans up.</summary>
public sealed class CleanupTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task Disposing_the_harness_stops_every_system_socket_and_process()
    {
        var harness = new PeerChatHarness(this);
        var nodes = await harness.StartMeshAsync("a", "b");
        var proc = await harness.StartHeadlessNodeAsync("proc");
        var raw = await harness.JoinRawPeerAsync(nodes[0], "raw");
        var listener = harness.ListenRawPeer();
        proc.ConnectTo(listener);
        var dialled = await listener.AcceptAsync();

        await harness.DisposeAsync();

        Assert.All(nodes, n => Assert.True(n.System.WhenTerminated.IsCompleted));
        Assert.True(proc.Exited.IsCompleted);
        await Assert.ThrowsAsync<SocketException>(() => new TcpClient().ConnectAsync("127.0.0.1", listener.Port));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => raw.SendAsync("anything"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => dialled.SendAsync("anything"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.StartNodeAsync("too late"));
    }

    [Fact]
    public async Task A_failing_scenario_still_cleans_up()
    {
        var harness = new PeerChatHarness(this);
        var node = await harness.StartNodeAsync("a");
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => node.ExpectMessageAsync(timeout: TimeSpan.FromMilliseconds(100)));
        }
        finally
        {
            await harness.DisposeAsync();
        }
        Assert.True(node.System.WhenTerminated.IsCompleted);
        Assert.True(node.IsStopped);
    }
}
