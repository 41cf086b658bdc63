using PeerChat.Testing;

namespace PeerChat.Examples;

public sealed class MeshExample : PeerChatTestKit
{
    [Fact]
    public async Task Ten_node_mesh_everyone_hears_everyone_else_exactly_once_and_in_order()
    {
        var nodes = await StartMeshAsync(Enumerable.Range(1, 10).Select(i => $"node{i}").ToArray());
        string[] Lines(INodeHandle sender) => [$"{sender.Name}: one", $"{sender.Name}: two", $"{sender.Name}: three"];

        foreach (var sender in nodes)
            foreach (var line in Lines(sender)) sender.Say(line);

        await Task.WhenAll(nodes.Select(async receiver =>
        {
            foreach (var sender in nodes.Where(n => n != receiver))
                await receiver.ExpectMessagesInOrderAsync(sender.Name, Lines(sender));
            await receiver.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(300)); // no duplicates, nothing echoed back
        }));
    }

    [Fact]
    public async Task A_node_joining_through_the_last_member_of_a_chain_meets_everyone()
    {
        var chain = await StartMeshAsync(("first", null), ("second", "first"), ("third", "second"));
        var late = await StartNodeAsync("late");
        late.ConnectTo(chain[^1]);
        await AwaitMeshAsync([.. chain, late]);
    }
}
