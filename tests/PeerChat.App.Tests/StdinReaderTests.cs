using Akka.Actor;
using Akka.Configuration;
using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

public sealed class StdinReaderTests : Akka.TestKit.Xunit2.TestKit
{
    private static NodeSettings Settings(int maxInFlight) =>
        NodeSettings.Create(ConfigurationFactory.ParseString($"peerchat.send.max-in-flight = {maxInFlight}"));

    private static NodeSettings MaxLineLength(int bytes) =>
        NodeSettings.Create(ConfigurationFactory.ParseString($"peerchat.limits.max-line-length = {bytes}"));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task Broadcasts_past_the_in_flight_limit_wait_for_the_node_and_none_is_lost()
    {
        var node = CreateTestProbe();
        var frontEnd = CreateTestProbe();
        var quit = new TaskCompletionSource();
        var reader = new StdinReader(new OneLineAtATime(Lines("m1", "m2", "m3", "m4")), node.Ref, frontEnd.Ref, Settings(2), () => quit.TrySetResult());
        reader.Start();

        Assert.Equal("m1", node.ExpectMsg<Broadcast>().Text);
        var firstAsker = node.LastSender;
        Assert.Equal("m2", node.ExpectMsg<Broadcast>().Text);
        var secondAsker = node.LastSender;
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // two unanswered: m3 waits

        firstAsker.Tell(BroadcastAccepted.Instance);
        Assert.Equal("m3", node.ExpectMsg<Broadcast>().Text);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(quit.Task.IsCompleted); // m4 is not even handled yet, so neither is the end of input

        secondAsker.Tell(BroadcastAccepted.Instance);
        Assert.Equal("m4", node.ExpectMsg<Broadcast>().Text);
        await quit.Task.WaitAsync(TimeSpan.FromSeconds(5)); // end of input asks to quit
    }

    [Fact]
    public async Task Commands_go_to_the_node_and_errors_to_the_front_end()
    {
        var node = CreateTestProbe();
        var frontEnd = CreateTestProbe();
        var quit = new TaskCompletionSource();
        var input = Lines("", "/connect 127.0.0.1:5001", "/peers", "/nope", "//slash", "/quit", "after quit");
        new StdinReader(new StringReader(input), node.Ref, frontEnd.Ref, Settings(8), () => quit.TrySetResult()).Start();

        Assert.Equal(new ConnectTo("127.0.0.1", 5001), node.ExpectMsg<ConnectTo>());
        node.ExpectMsg<ListPeers>();
        Assert.Equal(frontEnd.Ref, node.LastSender); // the peer list goes straight to the front end
        Assert.Equal("unknown command '/nope' (commands: /connect HOST:PORT, /peers, /who HOST:PORT|NAME, /nick NAME, /quit, /help)", frontEnd.ExpectMsg<ShowError>().Text);
        Assert.Equal("/slash", node.ExpectMsg<Broadcast>().Text);
        await quit.Task.WaitAsync(TimeSpan.FromSeconds(5));
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // nothing after /quit is read
    }

    [Fact]
    public async Task Stopping_hands_over_a_waiting_line_if_the_node_accepts_in_time()
    {
        var node = CreateTestProbe();
        var reader = new StdinReader(new OneLineAtATime(Lines("m1", "m2")), node.Ref, CreateTestProbe().Ref, Settings(1), () => { });
        reader.Start();
        node.ExpectMsg<Broadcast>();
        var asker = node.LastSender;
        AwaitCondition(() => reader.LinesTaken == 2); // m2 is read and waits for m1 to be accepted

        var stopping = reader.StopAsync(TimeSpan.FromSeconds(5));
        asker.Tell(BroadcastAccepted.Instance);
        Assert.Equal("m2", node.ExpectMsg<Broadcast>().Text); // read before the stop: still sent
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stopping_gives_up_a_waiting_line_after_its_patience()
    {
        var node = CreateTestProbe();
        var reader = new StdinReader(new OneLineAtATime(Lines("m1", "m2")), node.Ref, CreateTestProbe().Ref, Settings(1), () => { });
        reader.Start();
        node.ExpectMsg<Broadcast>();
        var asker = node.LastSender;

        await reader.StopAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(5));
        asker.Tell(BroadcastAccepted.Instance);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // nothing reaches the node after StopAsync returned
    }

    [Fact]
    public void Line_whose_frame_is_over_max_line_length_is_an_error_and_is_not_sent()
    {
        var node = CreateTestProbe();
        var frontEnd = CreateTestProbe();
        new StdinReader(new StringReader(Lines(new string('x', 40), "ok")), node.Ref, frontEnd.Ref, MaxLineLength(64), () => { }).Start();

        Assert.Equal("line not sent: as a chat frame it would be 71 bytes, over the 64-byte limit on a line (peerchat.limits.max-line-length)",
            frontEnd.ExpectMsg<ShowError>().Text);
        Assert.Equal("ok", node.ExpectMsg<Broadcast>().Text);
    }

    [Fact]
    public void Line_whose_frame_is_exactly_max_line_length_is_sent()
    {
        var node = CreateTestProbe();
        var frontEnd = CreateTestProbe();
        // {"type":"message","message":""} is 31 bytes; with 33 bytes of text the frame is exactly 64.
        var text = "😀😀😀😀😀😀😀😀x"; // 8 emoji of 4 UTF-8 bytes and one ASCII byte
        new StdinReader(new OneLineAtATime(Lines(text)), node.Ref, frontEnd.Ref, MaxLineLength(64), () => { }).Start();

        Assert.Equal(text, node.ExpectMsg<Broadcast>().Text);
        frontEnd.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Input_line_longer_than_max_line_length_is_an_error_without_being_kept()
    {
        var node = CreateTestProbe();
        var frontEnd = CreateTestProbe();
        new StdinReader(new StringReader(Lines(new string('x', 100), "ok")), node.Ref, frontEnd.Ref, MaxLineLength(64), () => { }).Start();

        Assert.Equal("line not sent: it is longer than the 64-byte limit on a line (peerchat.limits.max-line-length)", frontEnd.ExpectMsg<ShowError>().Text);
        Assert.Equal("ok", node.ExpectMsg<Broadcast>().Text);
    }

    [Theory]
    [InlineData("FFFE", "\uFFFD\uFFFD")] // the UTF-16 LE mark: two invalid UTF-8 bytes
    [InlineData("FEFF", "\uFFFD\uFFFD")] // the UTF-16 BE mark
    [InlineData("FFFE0000", "\uFFFD\uFFFD\u0000\u0000")] // the UTF-32 LE mark
    public void Stdin_is_UTF8_even_when_it_starts_with_another_encoding_s_byte_order_mark(string markHex, string firstLinePrefix)
    {
        byte[] input = [.. Convert.FromHexString(markHex), .. "first\nsecond\n/quit\n"u8];

        var text = StdinReader.Utf8Input(new MemoryStream(input)).ReadToEnd();

        Assert.Equal(firstLinePrefix + "first\nsecond\n/quit\n", text);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_at_the_start_of_stdin_is_skipped()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. "héllo\n"u8];

        Assert.Equal("héllo\n", StdinReader.Utf8Input(new MemoryStream(input)).ReadToEnd());
    }

    [Fact]
    public void Invalid_UTF8_bytes_become_replacement_characters_and_the_next_line_is_read_normally()
    {
        byte[] input = [.. "a"u8, 0xC3, 0x28, .. "b\n"u8, 0xF0, 0x9F, .. "\nnext ✓\n"u8];

        Assert.Equal("a\uFFFD(b\n\uFFFD\nnext ✓\n", StdinReader.Utf8Input(new MemoryStream(input)).ReadToEnd());
    }

    [Fact]
    public void Lines_already_read_in_go_to_the_node_as_one_batch_in_order()
    {
        var node = CreateTestProbe();
        new StdinReader(new StringReader(Lines("a", "b", "c")), node.Ref, CreateTestProbe().Ref, Settings(8), () => { }).Start();

        Assert.Equal(["a", "b", "c"], node.ExpectMsg<BroadcastLines>().Texts);
    }

    [Fact]
    public void A_command_inside_piped_lines_runs_after_the_lines_before_it()
    {
        var node = CreateTestProbe();
        new StdinReader(new StringReader(Lines("a", "b", "/peers", "c")), node.Ref, CreateTestProbe().Ref, Settings(8), () => { }).Start();

        Assert.Equal(["a", "b"], node.ExpectMsg<BroadcastLines>().Texts);
        node.ExpectMsg<ListPeers>();
        Assert.Equal("c", node.ExpectMsg<Broadcast>().Text);
    }

    /// <summary>Input as a person types it: each read returns at most one line.</summary>
    private sealed class OneLineAtATime(string text) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position >= text.Length) return 0;
            var end = text.IndexOf('\n', _position);
            var length = Math.Min(count, (end < 0 ? text.Length : end + 1) - _position);
            text.CopyTo(_position, buffer, index, length);
            _position += length;
            return length;
        }
    }
}
