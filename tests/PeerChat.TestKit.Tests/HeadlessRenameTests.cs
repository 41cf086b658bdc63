using PeerChat.Node;
using Xunit.Abstractions;

namespace PeerChat.Testing.Tests;

/// <summary>A headless process renamed with <c>/nick</c>: its handle reads the <c>name-changed</c> event as <see cref="NameChanged"/>.</summary>
public sealed class HeadlessRenameTests(ITestOutputHelper output) : PeerChatTestKit(output)
{
    [Fact]
    public async Task A_headless_nodes_rename_arrives_as_name_changed_and_its_peer_sees_the_new_name_join()
    {
        var proc = await StartHeadlessNodeAsync("proc");
        var local = await StartNodeAsync("local");
        local.ConnectTo(proc);
        await AwaitMeshAsync([proc, local]);

        proc.SendInput("/nick renamed");

        Assert.Equal(new NameChanged("proc", "renamed", 1, 0), await proc.ExpectEventAsync<NameChanged>());
        await local.ExpectPeerJoinedAsync("renamed");
    }
}
