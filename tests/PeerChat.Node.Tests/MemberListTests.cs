using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary><c>/who HOST:PORT</c> and <c>/who NAME</c>: one member's own member list, asked with <c>who</c> over real sockets.</summary>
public sealed class MemberListTests : PeerChatTestKit
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_member_asked_by_name_lists_the_others_it_knows_named_as_this_node_knows_them()
    {
        var (a, b, c) = await StartMeshAsync("a", "b", "c");

        var listed = await a.Node.Ask<MemberListed>(new AskMemberList("b"), AskTimeout);

        Assert.Equal("b", listed.Member.Name);
        var only = Assert.Single(listed.Peers);
        Assert.Equal(("127.0.0.1", c.Port, "c"), (only.Ip, only.Port, only.Name));
    }

    [Fact]
    public async Task A_member_asked_by_address_answers_with_what_its_who_reply_says()
    {
        var node = await StartNodeAsync("n");
        var raw = await JoinRawPeerAsync(node, "raw", port: "7001");
        await node.ExpectPeerJoinedAsync("raw");

        var asking = node.Node.Ask<object>(new AskMemberList("127.0.0.1:7001"), AskTimeout);
        await raw.ExpectFrameAsync("who");
        await raw.SendAsync("""{"type":"who-reply","peers":[{"ip":"10.1.2.3","port":"4567"}]}""");

        var listed = Assert.IsType<MemberListed>(await asking);
        Assert.Equal([new ListedPeer("10.1.2.3", 4567, null)], listed.Peers);
    }

    [Fact]
    public async Task An_unknown_member_is_one_clear_line()
    {
        var node = await StartNodeAsync("n");

        var failed = await node.Node.Ask<MemberListFailed>(new AskMemberList("nobody"), AskTimeout);

        Assert.Equal("no member is called nobody (/peers lists the members)", failed.Reason);
    }

    [Fact]
    public async Task A_member_that_never_answers_fails_after_the_who_reply_timeout()
    {
        var node = await StartNodeAsync("n", "peerchat.timeouts.who-reply = 300ms");
        var silent = await JoinRawPeerAsync(node, "silent", port: "7001");
        await node.ExpectPeerJoinedAsync("silent");

        var failed = await node.Node.Ask<MemberListFailed>(new AskMemberList("silent"), AskTimeout);

        Assert.Contains("sent no who-reply within 0.3s", failed.Reason);
    }

    [Fact]
    public async Task Two_members_of_one_name_are_asked_for_by_address()
    {
        var node = await StartNodeAsync("n");
        await JoinRawPeerAsync(node, "sam", port: "7001");
        await JoinRawPeerAsync(node, "sam", port: "7002");
        await node.ExpectPeerJoinedAsync("sam");
        await node.ExpectPeerJoinedAsync("sam");

        var failed = await node.Node.Ask<MemberListFailed>(new AskMemberList("sam"), AskTimeout);

        Assert.StartsWith("2 members are called sam: ask one by address", failed.Reason);
        Assert.Contains("127.0.0.1:7001", failed.Reason);
    }
}
