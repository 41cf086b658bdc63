using PeerChat.Testing;

namespace PeerChat.App.Tests;

/// <summary><c>/help</c>, <c>/who</c> and <c>/nick</c> typed into the real program in headless mode, its events read back.</summary>
[Collection(nameof(ProcessTests))]
public sealed class HeadlessCommandTests : IAsyncLifetime
{
    private readonly List<PeerchatProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var process in _processes) process.Dispose();
        return Task.CompletedTask;
    }

    private PeerchatProcess Start(string name, params string[] more)
    {
        var process = PeerchatProcess.Start(["--headless", "--port=0", "--host=127.0.0.1", $"--name={name}", .. more]);
        _processes.Add(process);
        return process;
    }

    /// <summary>Waits for the <c>peer-joined</c> of <paramref name="name"/>, skipping other events.</summary>
    private static async Task ExpectJoinedAsync(PeerchatProcess node, string name)
    {
        while ((await node.ExpectEventAsync("peer-joined")).GetProperty("name").GetString() != name) { }
    }

    [Fact]
    public async Task Help_prints_one_help_event_listing_the_headless_commands()
    {
        var node = Start("Alice");
        await node.ListeningPortAsync();

        await node.WriteLineAsync("/help");

        var help = await node.ExpectEventAsync("help");
        var usages = help.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("usage").GetString()!).ToArray();
        Assert.Equal(["/connect HOST:PORT", "/peers", "/who HOST:PORT|NAME", "/nick NAME", "/quit", "/help", "//text"], usages);
    }

    [Fact]
    public async Task Who_of_a_member_prints_its_member_list_as_a_who_event()
    {
        var alice = Start("Alice");
        var alicePort = await alice.ListeningPortAsync();
        var bob = Start("Bob", $"--connect=127.0.0.1:{alicePort}");
        await bob.ListeningPortAsync();
        await ExpectJoinedAsync(bob, "Alice");
        var carol = Start("Carol", $"--connect=127.0.0.1:{alicePort}");
        var carolPort = await carol.ListeningPortAsync();
        await ExpectJoinedAsync(bob, "Carol"); // Bob knows Carol: his list has her
        await ExpectJoinedAsync(alice, "Carol");

        await alice.WriteLineAsync("/who Bob");

        var who = await alice.ExpectEventAsync("who");
        Assert.Equal("Bob", who.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal($$"""[{"ip":"127.0.0.1","port":{{carolPort}},"name":"Carol"}]""", who.GetProperty("peers").GetRawText());
    }

    [Fact]
    public async Task Who_of_someone_who_is_no_member_is_one_error_event()
    {
        var node = Start("Alice");
        await node.ListeningPortAsync();

        await node.WriteLineAsync("/who Zed");

        var error = await node.ExpectEventAsync("error");
        Assert.Equal("/who: no member is called Zed (/peers lists the members)", error.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Nick_is_seen_by_the_peer_as_a_leave_then_a_join_and_later_lines_carry_the_new_name()
    {
        var alice = Start("Alice");
        var alicePort = await alice.ListeningPortAsync();
        var bob = Start("Bob", $"--connect=127.0.0.1:{alicePort}");
        await bob.ListeningPortAsync();
        await ExpectJoinedAsync(bob, "Alice");
        await ExpectJoinedAsync(alice, "Bob");

        await alice.WriteLineAsync("/nick Alicia");
        await alice.WriteLineAsync("hello as Alicia");

        Assert.Equal("""{"event":"name-changed","old":"Alice","name":"Alicia","rejoining":1,"unreachable":0}""", await alice.NextLineAsync());
        await ExpectJoinedAsync(alice, "Bob");
        var left = await bob.ExpectEventAsync("peer-left");
        Assert.Equal("Alice", left.GetProperty("name").GetString());
        var reason = left.GetProperty("reason").GetString();
        Assert.True(reason is "leave" or "replaced", $"reason {reason}"); // replaced: the new join overtook the leave
        await ExpectJoinedAsync(bob, "Alicia");
        var message = await bob.ExpectEventAsync("message");
        Assert.Equal(("Alicia", "hello as Alicia"), (message.GetProperty("from").GetProperty("name").GetString(), message.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Nick_to_the_current_name_is_one_error_event()
    {
        var node = Start("Alice");
        await node.ListeningPortAsync();

        await node.WriteLineAsync("/nick Alice");

        var error = await node.ExpectEventAsync("error");
        Assert.Equal("/nick: you are already called Alice", error.GetProperty("text").GetString());
    }
}
