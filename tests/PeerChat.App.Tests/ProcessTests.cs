using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PeerChat.App;
using PeerChat.Testing;

namespace PeerChat.App.Tests;

/// <summary>The built peerchat.dll, run as a process; one at a time (the machine is small).</summary>
[Collection(nameof(ProcessTests))]
[CollectionDefinition(nameof(ProcessTests), DisableParallelization = true)]
public sealed class ProcessTests : IAsyncLifetime
{
    private const string RawJoin = """{"type":"join","name":"Raw","age":"30","zip":"11111","port":"1"}""";
    private const string RawPeerJoined = """{"event":"peer-joined","name":"Raw","age":"30","zip":"11111","ip":"127.0.0.1","port":1}""";

    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) await item.DisposeAsync();
    }

    private PeerchatProcess Start(params string[] args) => Track(PeerchatProcess.Start(args));

    private PeerchatProcess StartHeadless(string name = "T") => Start("--headless", "--port", "0", "--name", name, "--host", "127.0.0.1");

    private PeerchatProcess Track(PeerchatProcess process)
    {
        _cleanup.Add(new Disposing(process));
        return process;
    }

    private RawPeer Track(RawPeer peer)
    {
        _cleanup.Add(peer);
        return peer;
    }

    private sealed class Disposing(IDisposable item) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            item.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A raw peer that has joined <paramref name="node"/>, after the node reported it.</summary>
    private async Task<RawPeer> JoinRawPeerAsync(PeerchatProcess node, int port)
    {
        var raw = Track(await RawPeer.ConnectAsync(port));
        await raw.SendAsync(RawJoin);
        var reply = await raw.ReadFrameAsync();
        Assert.Equal("join-reply", reply.GetProperty("type").GetString());
        Assert.Equal(RawPeerJoined, await node.NextLineAsync());
        return raw;
    }

    [Fact]
    public async Task Headless_node_chats_with_a_raw_peer_and_end_of_input_sends_leave_and_exits_zero()
    {
        var node = StartHeadless();
        var listening = await node.ExpectEventAsync("listening");
        Assert.Equal("127.0.0.1", listening.GetProperty("host").GetString());
        var port = listening.GetProperty("port").GetInt32();
        Assert.InRange(port, 1, 65535);

        var raw = Track(await RawPeer.ConnectAsync(port));
        await raw.SendAsync(RawJoin);
        var reply = await raw.ReadFrameAsync();
        Assert.Equal("join-reply", reply.GetProperty("type").GetString());
        Assert.Equal("T", reply.GetProperty("name").GetString());
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), reply.GetProperty("port").GetString());
        Assert.Equal(RawPeerJoined, await node.NextLineAsync());

        await raw.SendAsync("""{"type":"message","message":"hi \"there\" \\ from raw"}""");
        Assert.Equal("""{"event":"message","from":{"name":"Raw","ip":"127.0.0.1","port":1},"text":"hi \"there\" \\ from raw"}""",
            await node.NextLineAsync());

        await node.WriteLineAsync("hello");
        Assert.Equal("""{"type":"message","message":"hello"}""", await raw.ReadLineAsync());

        await node.WriteLineAsync("/peers");
        Assert.Equal("""{"event":"peers","peers":[{"name":"Raw","age":"30","zip":"11111","ip":"127.0.0.1","port":1}]}""",
            await node.NextLineAsync());

        var quitting = Stopwatch.StartNew();
        node.CloseInput();
        Assert.Equal("""{"type":"leave"}""", await raw.ReadLineAsync());
        Assert.Equal(0, await node.ExitCodeAsync());
        Assert.True(quitting.Elapsed < TimeSpan.FromSeconds(5), $"quitting took {quitting.Elapsed}");
        Assert.Empty(node.RemainingStdoutLines());
        Assert.Empty(node.StderrLines());
    }

    [Fact]
    public async Task Quit_command_sends_leave_and_exits_zero()
    {
        var node = StartHeadless();
        var raw = await JoinRawPeerAsync(node, await node.ListeningPortAsync());
        await node.WriteLineAsync("/quit");
        Assert.Equal("""{"type":"leave"}""", await raw.ReadLineAsync());
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [Theory]
    [InlineData(PeerchatProcess.SIGTERM)]
    [InlineData(PeerchatProcess.SIGINT)]
    public async Task Termination_signal_sends_leave_and_exits_zero(int signal)
    {
        var node = StartHeadless();
        var raw = await JoinRawPeerAsync(node, await node.ListeningPortAsync());
        node.Signal(signal);
        Assert.Equal("""{"type":"leave"}""", await raw.ReadLineAsync());
        Assert.Equal(0, await node.ExitCodeAsync());
        Assert.Empty(node.StderrLines());
    }

    [Fact]
    public async Task Lines_sent_before_end_of_input_all_reach_the_peer_before_leave()
    {
        var node = StartHeadless();
        var raw = await JoinRawPeerAsync(node, await node.ListeningPortAsync());
        var lines = Enumerable.Range(1, 200).Select(i => $"line {i}").ToList();
        foreach (var line in lines) await node.WriteLineAsync(line);
        await node.WriteLineAsync("//starts with a slash");
        node.CloseInput();
        foreach (var line in lines) Assert.Equal($$"""{"type":"message","message":"{{line}}"}""", await raw.ReadLineAsync());
        Assert.Equal("""{"type":"message","message":"/starts with a slash"}""", await raw.ReadLineAsync());
        Assert.Equal("""{"type":"leave"}""", await raw.ReadLineAsync());
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [Fact]
    public async Task Peer_leaving_is_reported_with_its_reason()
    {
        var node = StartHeadless();
        var raw = await JoinRawPeerAsync(node, await node.ListeningPortAsync());
        await raw.SendAsync("""{"type":"leave"}""");
        Assert.Equal("""{"event":"peer-left","name":"Raw","ip":"127.0.0.1","port":1,"reason":"leave"}""", await node.NextLineAsync());
        node.CloseInput();
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [Fact]
    public async Task Bad_input_lines_and_failed_joins_are_error_events()
    {
        var node = StartHeadless();
        await node.ListeningPortAsync();

        await node.WriteLineAsync("/connect nonsense");
        Assert.Equal("""{"event":"error","text":"/connect: 'nonsense' is not HOST:PORT (for example 127.0.0.1:5000)"}""", await node.NextLineAsync());
        await node.WriteLineAsync("/cmd");
        Assert.Equal("""{"event":"error","text":"unknown command '/cmd' (commands: /connect HOST:PORT, /peers, /who HOST:PORT|NAME, /nick NAME, /quit, /help)"}""", await node.NextLineAsync());

        await node.WriteLineAsync($"/connect 127.0.0.1:{ClosedPort()}");
        var error = await node.ExpectEventAsync("error");
        Assert.StartsWith("cannot join 127.0.0.1:", error.GetProperty("text").GetString());
        Assert.Contains("refused", error.GetProperty("text").GetString());

        node.CloseInput();
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [Fact]
    public async Task Two_headless_nodes_join_chat_and_see_each_other_leave()
    {
        var alice = StartHeadless("Alice");
        var alicePort = await alice.ListeningPortAsync();
        var bob = Start("--headless", "--port=0", "--host=127.0.0.1", "--name=Bob", "--age=15", "--zip=01234", $"--connect=127.0.0.1:{alicePort}");
        var bobPort = await bob.ListeningPortAsync();

        var aliceSeesBob = await alice.ExpectEventAsync("peer-joined");
        Assert.Equal(("Bob", "15", "01234", bobPort), (aliceSeesBob.GetProperty("name").GetString(), aliceSeesBob.GetProperty("age").GetString(),
            aliceSeesBob.GetProperty("zip").GetString(), aliceSeesBob.GetProperty("port").GetInt32()));
        Assert.Equal("Alice", (await bob.ExpectEventAsync("peer-joined")).GetProperty("name").GetString());

        await bob.WriteLineAsync("hi Alice, Zoë here 😀");
        var message = await alice.ExpectEventAsync("message");
        Assert.Equal($$"""{"name":"Bob","ip":"127.0.0.1","port":{{bobPort}}}""", message.GetProperty("from").GetRawText());
        Assert.Equal("hi Alice, Zoë here 😀", message.GetProperty("text").GetString());

        bob.CloseInput();
        Assert.Equal(0, await bob.ExitCodeAsync());
        Assert.Equal($$"""{"event":"peer-left","name":"Bob","ip":"127.0.0.1","port":{{bobPort}},"reason":"leave"}""", await alice.NextLineAsync());
        alice.CloseInput();
        Assert.Equal(0, await alice.ExitCodeAsync());
    }

    [Fact]
    public async Task Name_with_quotes_and_backslashes_reaches_peers_unchanged()
    {
        const string name = "T \"the\" \\ ${x} # one";
        var node = StartHeadless(name);
        var raw = Track(await RawPeer.ConnectAsync(await node.ListeningPortAsync()));
        await raw.SendAsync(RawJoin);
        Assert.Equal(name, (await raw.ReadFrameAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_option_exits_2_with_one_line_on_stderr()
    {
        var node = Start("--bogus");
        Assert.Equal(2, await node.ExitCodeAsync());
        Assert.Equal(["peerchat: unknown option '--bogus' (see peerchat --help)"], node.StderrLines());
        Assert.Empty(node.RemainingStdoutLines());
    }

    [Fact]
    public async Task Missing_config_file_exits_2_with_one_line_on_stderr()
    {
        var node = Start("--headless", "--config", "no-such-file.conf");
        Assert.Equal(2, await node.ExitCodeAsync());
        Assert.Equal(["peerchat: config file 'no-such-file.conf' not found"], node.StderrLines());
    }

    [Fact]
    public async Task Bad_setting_from_the_environment_exits_2_naming_key_and_variable()
    {
        var node = Track(PeerchatProcess.Start(new Dictionary<string, string> { ["PEERCHAT_PORT"] = "http" }, "--headless"));
        Assert.Equal(2, await node.ExitCodeAsync());
        Assert.Equal(["peerchat: config: peerchat.listen.port: must be a whole number from 0 to 65535, got 'http' (from PEERCHAT_PORT)"], node.StderrLines());
    }

    [Fact]
    public async Task Without_headless_and_without_a_terminal_exits_2_pointing_to_headless()
    {
        var node = Start("--port", "0");
        Assert.Equal(2, await node.ExitCodeAsync());
        Assert.Equal([PeerChatApp.NeedsTerminal], node.StderrLines());
        Assert.Empty(node.RemainingStdoutLines());
    }

    [Fact]
    public async Task Help_prints_usage_on_stdout_and_exits_zero()
    {
        var node = Start("--help");
        Assert.Equal(0, await node.ExitCodeAsync());
        Assert.Equal(CommandLine.Usage.Split('\n').Select(l => l.TrimEnd('\r')), node.RemainingStdoutLines());
        Assert.Empty(node.StderrLines());
    }

    [Fact]
    public async Task Port_in_use_exits_2_with_cannot_listen_on_stderr()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var node = Start("--headless", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(2, await node.ExitCodeAsync());
            var stderr = node.StderrLines();
            Assert.Single(stderr);
            Assert.StartsWith($"peerchat: cannot listen on 127.0.0.1:{port}: ", stderr[0]);
            Assert.Empty(node.RemainingStdoutLines());
        }
        finally
        {
            taken.Stop();
        }
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
