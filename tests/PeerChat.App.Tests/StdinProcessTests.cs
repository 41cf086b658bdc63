using System.Text;
using PeerChat.Testing;

namespace PeerChat.App.Tests;

/// <summary>The real program's standard input, as bytes and as long lines, checked at a raw peer; one process at a time.</summary>
[Collection(nameof(ProcessTests))]
public sealed class StdinProcessTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) await item.DisposeAsync();
    }

    [Fact]
    public async Task First_line_starting_with_bytes_FF_FE_is_read_as_UTF8_and_the_next_line_and_quit_work()
    {
        var (node, raw) = await StartWithRawPeerAsync();

        await node.WriteBytesAsync([0xFF, 0xFE, .. "first\nsecond\n/quit\n"u8]);

        Assert.Equal("\uFFFD\uFFFDfirst", await NextMessageAsync(raw)); // two invalid UTF-8 bytes, replaced
        Assert.Equal("second", await NextMessageAsync(raw));
        await raw.ExpectFrameAsync("leave");
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [Fact]
    public async Task Line_of_100000_emoji_arrives_whole_at_a_raw_peer_as_400000_bytes_of_raw_UTF8()
    {
        var (node, raw) = await StartWithRawPeerAsync();
        var text = string.Concat(Enumerable.Repeat("😀", 100_000));

        await node.WriteLineAsync(text);

        var frame = await raw.ExpectFrameAsync("message");
        Assert.True(frame.GetProperty("message").GetString() == text, "the text arrived changed");
        Assert.Equal(400_000 + FrameOverhead, Encoding.UTF8.GetByteCount(frame.GetRawText()));
        await node.WriteLineAsync("/quit");
        Assert.Equal(0, await node.ExitCodeAsync());
        Assert.DoesNotContain(node.RemainingStdoutLines(), line => line.Contains("\"error\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Line_whose_frame_is_exactly_max_line_length_arrives_and_one_byte_more_is_refused_with_an_error_event()
    {
        using var config = new TempConfigFile("peerchat.limits.max-line-length = 256");
        var (node, raw) = await StartWithRawPeerAsync("--config", config.Path);
        var exact = string.Concat(Enumerable.Repeat("😀", 56)) + "x"; // 225 bytes of UTF-8: a 256-byte frame
        var over = exact + "y";

        await node.WriteLineAsync(exact);
        await node.WriteLineAsync(over);
        await node.WriteLineAsync("after");

        Assert.Equal(exact, await NextMessageAsync(raw));
        var error = await node.ExpectEventAsync("error");
        Assert.Equal("line not sent: as a chat frame it would be 257 bytes, over the 256-byte limit on a line (peerchat.limits.max-line-length)",
            error.GetProperty("text").GetString());
        Assert.Equal("after", await NextMessageAsync(raw)); // the refused line never went out
        await node.WriteLineAsync("/quit");
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    // {"type":"message","message":""}
    private const int FrameOverhead = 31;

    private async Task<(PeerchatProcess Node, RawPeer Raw)> StartWithRawPeerAsync(params string[] extraArgs)
    {
        var node = PeerchatProcess.Start(["--headless", "--port", "0", "--name", "T", "--host", "127.0.0.1", .. extraArgs]);
        _cleanup.Add(new Disposing(node));
        var port = await node.ListeningPortAsync();
        var raw = await RawPeer.JoinAsync(port, "Raw", port: "1");
        _cleanup.Add(raw);
        await node.ExpectEventAsync("peer-joined"); // a member now: the lines written next reach it
        return (node, raw);
    }

    private static async Task<string?> NextMessageAsync(RawPeer raw) => (await raw.ExpectFrameAsync("message")).GetProperty("message").GetString();

    private sealed class Disposing(IDisposable item) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            item.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
