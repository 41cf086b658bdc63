using System.Text;
using Akka.Actor;
using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

public sealed class HeadlessFrontEndTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly PeerInfo Bob = new("Bob", "15", "12345", "127.0.0.1", 1234);

    private readonly SharedStream _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly HeadlessStatus _status = new();
    private readonly IActorRef _frontEnd;

    public HeadlessFrontEndTests()
    {
        _frontEnd = Sys.ActorOf(HeadlessFrontEnd.Props(new BufferedStream(_stdout, 1 << 16), TextWriter.Synchronized(_stderr), _status));
    }

    private async Task<string[]> FlushedLinesAsync()
    {
        await _frontEnd.Ask<OutputFlushed>(FlushOutput.Instance, TimeSpan.FromSeconds(5));
        var text = _stdout.Text;
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n');
    }

    [Fact]
    public async Task Events_become_one_line_each_in_order_and_unshown_ones_are_skipped()
    {
        _frontEnd.Tell(new Listening("127.0.0.1", 5000));
        _frontEnd.Tell(new PeerJoined(Bob));
        _frontEnd.Tell(new MessageSent("mine", 1));
        _frontEnd.Tell(new MessagesReceived(Bob, ["Hello"]));
        _frontEnd.Tell(new PeerList([Bob]));
        _frontEnd.Tell(new ShowError("bad line"));
        _frontEnd.Tell(new LeftNetwork(1));
        _frontEnd.Tell(new PeerLeft(Bob, LeaveReason.Disconnected));

        Assert.Equal(
        [
            """{"event":"listening","host":"127.0.0.1","port":5000}""",
            """{"event":"peer-joined","name":"Bob","age":"15","zip":"12345","ip":"127.0.0.1","port":1234}""",
            """{"event":"message","from":{"name":"Bob","ip":"127.0.0.1","port":1234},"text":"Hello"}""",
            """{"event":"peers","peers":[{"name":"Bob","age":"15","zip":"12345","ip":"127.0.0.1","port":1234}]}""",
            """{"event":"error","text":"bad line"}""",
            """{"event":"peer-left","name":"Bob","ip":"127.0.0.1","port":1234,"reason":"disconnected"}""",
        ], await FlushedLinesAsync());
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    public async Task Listening_is_written_out_before_the_session_is_told()
    {
        _frontEnd.Tell(new Listening("0.0.0.0", 5001));
        Assert.Equal(new Listening("0.0.0.0", 5001), await _status.Listening.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("""{"event":"listening","host":"0.0.0.0","port":5001}""" + "\n", _stdout.Text);
    }

    [Fact]
    public async Task Listen_failure_is_one_stderr_line_and_nothing_on_stdout()
    {
        _frontEnd.Tell(new ListenFailed("127.0.0.1", 5001, "Address already in use"));
        await _status.ListenFailed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("peerchat: cannot listen on 127.0.0.1:5001: Address already in use" + Environment.NewLine, _stderr.ToString());
        Assert.Equal("", _stdout.Text);
    }

    [Fact]
    public async Task A_batch_of_received_lines_becomes_one_message_event_per_line_in_order()
    {
        _frontEnd.Tell(new MessagesReceived(Bob, ["one", "two", "three"]));
        _frontEnd.Tell(new PeerLeft(Bob, LeaveReason.Leave));

        Assert.Equal(
        [
            """{"event":"message","from":{"name":"Bob","ip":"127.0.0.1","port":1234},"text":"one"}""",
            """{"event":"message","from":{"name":"Bob","ip":"127.0.0.1","port":1234},"text":"two"}""",
            """{"event":"message","from":{"name":"Bob","ip":"127.0.0.1","port":1234},"text":"three"}""",
            """{"event":"peer-left","name":"Bob","ip":"127.0.0.1","port":1234,"reason":"leave"}""",
        ], await FlushedLinesAsync());
    }

    [Fact]
    public async Task A_batch_of_events_is_flushed_without_being_asked()
    {
        for (var i = 0; i < 100; i++) _frontEnd.Tell(new MessagesReceived(Bob, [$"m{i}"]));
        // No FlushOutput: the front end's own FlushBatch follows the batch through its mailbox.
        await AwaitConditionAsync(() => Task.FromResult(_stdout.Text.Contains("\"m99\"")), TimeSpan.FromSeconds(5));
    }

    /// <summary>What the front end wrote and flushed, readable from the test thread while the actor writes.</summary>
    private sealed class SharedStream : Stream
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _bytes = new();

        public string Text
        {
            get
            {
                lock (_gate) return Encoding.UTF8.GetString(_bytes.ToArray());
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate) _bytes.Write(buffer, offset, count);
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
