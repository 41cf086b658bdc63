using PeerChat.Node;
using PeerChat.Testing;

namespace PeerChat.Examples;

/// <summary>The spec's section 5 message flow, as a test written with PeerChat.TestKit.</summary>
public sealed class SpecFlowExample : PeerChatTestKit
{
    [Fact]
    public async Task Section_5_flow_a_message_reaches_everyone_and_after_a_leave_only_those_who_stayed()
    {
        var (b, a, c) = await StartMeshAsync(("B", null), ("A", "B"), ("C", "B")); // C learns A from B's who-reply
        a.Say("Hello There!");
        await b.ExpectMessageAsync(from: "A", text: "Hello There!");
        await c.ExpectMessageAsync(from: "A", text: "Hello There!");
        await c.LeaveAsync();
        await a.ExpectPeerLeftAsync("C", LeaveReason.Leave);
        await b.ExpectPeerLeftAsync("C", LeaveReason.Leave);
        a.Say("Just us now");
        await b.ExpectMessageAsync(from: "A", text: "Just us now");
        await c.ExpectNoMessageAsync(TimeSpan.FromMilliseconds(300));
    }
}
