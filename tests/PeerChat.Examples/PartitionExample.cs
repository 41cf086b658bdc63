using PeerChat.Node;
using PeerChat.Testing;
using Xunit;

namespace PeerChat.Examples;

/// <summary>A network split between running nodes, and the mesh mending itself once it heals.</summary>
public sealed class PartitionExample : PeerChatTestKit
{
    [Fact]
    public async Task A_split_mesh_repairs_itself_after_the_heal()
    {
        var (a, b, c, d, e) = await StartMeshAsync("a", "b", "c", "d", "e");
        foreach (var node in new[] { a, b, c, d, e }) node.DiscardEvents(); // the joins of the start

        var split = await PartitionAsync([a, b], [c, d, e]);
        await a.ExpectPeerLeftAsync("c", LeaveReason.Disconnected); // as a failing network looks
        a.Say("only our side hears this");
        await b.ExpectMessageAsync(from: "a", text: "only our side hears this");
        await c.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(300), from: "a");

        await split.HealAsync(); // a and b join c again; c's who-reply brings d and e
        await AwaitMeshAsync([a, b, c, d, e]);
        a.Say("whole again");
        foreach (var node in new[] { b, c, d, e })
            await node.ExpectMessageAsync(from: "a", text: "whole again");
    }
}
