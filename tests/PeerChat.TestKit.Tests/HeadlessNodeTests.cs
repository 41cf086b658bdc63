using PeerChat.Node;
using PeerChat.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

/// <summary>The headless process handle against the real <c>peerchat --headless</c>.</summary>
public sealed class HeadlessNodeTests(ITestOutputHelper output) : PeerChatTestKit(output)
{
    [Fact]
    public async Task A_headless_node_reports_its_port_peers_and_profiles()
    {
        var proc = await StartHeadlessNodeAsync("proc", new HeadlessNodeOptions { Arguments = ["--age", "42", "--zip", "02134"] });
        var local = await StartNodeAsync("local");
        Assert.Equal("127.0.0.1", proc.Host);
        Assert.NotEqual(0, proc.Port);

        local.ConnectTo(proc);
        await AwaitMeshAsync([proc, local]);

        Assert.Equal(new PeerInfo("local", local.Settings.Age, local.Settings.Zip, "127.0.0.1", local.Port), Assert.Single(await proc.PeersAsync()));
        Assert.Equal(new PeerInfo("proc", "42", "02134", "127.0.0.1", proc.Port), (await local.ExpectPeerJoinedAsync("proc")).Peer);
        Assert.Equal(new PeerInfo("local", local.Settings.Age, local.Settings.Zip, "127.0.0.1", local.Port), (await proc.ExpectPeerJoinedAsync("local")).Peer);
    }

    [Fact]
    public async Task Say_async_on_a_headless_node_returns_once_the_process_has_taken_the_line()
    {
        var proc = await StartHeadlessNodeAsync("proc");
        var local = await StartNodeAsync("local");
        local.ConnectTo(proc);
        await AwaitMeshAsync([proc, local]);

        await proc.SayAsync("paced");

        await local.ExpectMessageAsync(from: "proc", text: "paced");
        proc.Kill();
        await Assert.ThrowsAsync<XunitException>(() => proc.SayAsync("to nobody"));
    }

    [Fact]
    public async Task Bad_input_lines_come_back_as_error_events()
    {
        var proc = await StartHeadlessNodeAsync("proc");
        proc.SendInput("/dance");
        Assert.Contains("unknown command '/dance'", await proc.ExpectErrorAsync());
        Assert.Throws<ArgumentException>(() => proc.Say("two\nlines"));
    }

    [Fact]
    public async Task Closing_its_input_makes_a_headless_node_leave_and_exit_0()
    {
        var proc = await StartHeadlessNodeAsync("proc");
        var local = await StartNodeAsync("local");
        proc.ConnectTo(local);
        await AwaitMeshAsync([proc, local]); // both ends done joining: a join still in progress is dropped without leave

        await proc.CloseInputAsync();

        Assert.Equal(0, proc.ExitCode);
        await local.ExpectPeerLeftAsync("proc", LeaveReason.Leave);
    }

    [Fact]
    public async Task Expectations_on_a_process_that_exited_fail_at_once_with_its_exit_code()
    {
        var proc = await StartHeadlessNodeAsync("proc");
        proc.Kill();
        var failure = await Assert.ThrowsAsync<XunitException>(() => proc.ExpectMessageAsync(timeout: TimeSpan.FromSeconds(20)));
        Assert.Contains("proc: expected a message, but the node's process exited with code", failure.Message);
        Assert.Throws<XunitException>(() => proc.Say("anyone?"));
    }

    [Fact]
    public async Task HOCON_overrides_reach_a_headless_node_through_a_config_file()
    {
        var proc = await StartHeadlessNodeAsync("proc", new HeadlessNodeOptions { HoconOverrides = "peerchat.identity.zip = \"55555\"" });
        var local = await StartNodeAsync("local");
        local.ConnectTo(proc);
        Assert.Equal("55555", (await local.ExpectPeerJoinedAsync("proc")).Peer.Zip);
    }

    [Fact]
    public async Task A_process_that_cannot_start_fails_with_its_standard_error()
    {
        var failure = await Assert.ThrowsAsync<XunitException>(() =>
            StartHeadlessNodeAsync("proc", new HeadlessNodeOptions { Arguments = ["--port", "99999"] }));
        Assert.Contains("headless proc: it exited with code 2 before its listening event.", failure.Message);
        Assert.Contains("--port", failure.Message);
    }

    [Fact]
    public async Task A_missing_program_is_named_in_the_failure()
    {
        var failure = await Assert.ThrowsAsync<XunitException>(() =>
            StartHeadlessNodeAsync("proc", new HeadlessNodeOptions { Program = "/nonexistent/peerchat.dll" }));
        Assert.Equal("peerchat not found at /nonexistent/peerchat.dll (from PEERCHAT_DLL or the options)", failure.Message);
    }
}
