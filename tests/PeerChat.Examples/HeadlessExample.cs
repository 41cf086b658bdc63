using PeerChat.Node;
using PeerChat.Testing;
using Xunit.Abstractions;

namespace PeerChat.Examples;

/// <summary>
/// The same API against <c>peerchat --headless</c> processes: the scenario checks the built program
/// (or a published one: set PEERCHAT_DLL).
/// </summary>
public sealed class HeadlessExample(ITestOutputHelper output) : PeerChatTestKit(output)
{
    [Fact]
    public async Task Headless_processes_and_an_in_process_node_chat_in_one_mesh_and_see_leave_and_crash()
    {
        var (proc1, proc2) = await Task.WhenAll(StartHeadlessNodeAsync("proc1"), StartHeadlessNodeAsync("proc2"));
        var local = await StartNodeAsync("local");
        await JoinMeshAsync([proc1, proc2, local]);

        local.Say("hello processes");
        await proc1.ExpectMessageAsync(from: "local", text: "hello processes");
        await proc2.ExpectMessageAsync(from: "local", text: "hello processes");
        proc1.Say("/hello from a process"); // a leading slash is sent, not run
        await local.ExpectMessageAsync(from: "proc1", text: "/hello from a process");
        await proc2.ExpectMessageAsync(from: "proc1", text: "/hello from a process");

        await proc2.LeaveAsync(); // /quit: leave to everyone, exit code 0
        await proc1.ExpectPeerLeftAsync("proc2", LeaveReason.Leave);
        await local.ExpectPeerLeftAsync("proc2", LeaveReason.Leave);

        proc1.Kill();
        await local.ExpectPeerLeftAsync("proc1", LeaveReason.Disconnected);
    }

    public enum Kind { InProcess, Headless }

    private async Task<INodeHandle> StartAsync(Kind kind, string name) =>
        kind == Kind.InProcess ? await StartNodeAsync(name) : await StartHeadlessNodeAsync(name);

    [Theory]
    [InlineData(Kind.InProcess)]
    [InlineData(Kind.Headless)]
    public async Task The_same_scenario_runs_against_either_kind_of_node(Kind kind)
    {
        var alice = await StartAsync(kind, "alice");
        var bob = await StartAsync(kind, "bob");
        bob.ConnectTo(alice);
        await alice.ExpectPeerJoinedAsync("bob");
        await bob.ExpectPeerJoinedAsync("alice");

        alice.Say("hi bob");
        await bob.ExpectMessageAsync(from: "alice", text: "hi bob");
        Assert.Equal(["alice"], (await bob.PeersAsync()).Select(p => p.Name));

        bob.ConnectTo("127.0.0.1", bob.Port);
        Assert.Contains("own address", await bob.ExpectErrorAsync());
    }
}
