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
        _frontEnd = Sys.ActorOf(HeadlessFrontEnd.Props(_stdout, TextWriter.Synchronized(_stderr), _status));
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
    public async Task A_line_said_alone_is_written_and_flushed_without_waiting_for_more()
    {
        _frontEnd.Tell(new MessagesReceived(Bob, ["anyone there?"]));
        // No FlushOutput and nothing after it: the front end's own FlushBatch ends the batch.
        await AwaitConditionAsync(() => Task.FromResult(_stdout.FlushedText.EndsWith("\"anyone there?\"}\n", StringComparison.Ordinal)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_hundred_events_waiting_at_once_are_one_write()
    {
        _stdout.Block();
        _frontEnd.Tell(new Listening("127.0.0.1", 5000));
        _stdout.WaitUntilBlocked(); // the front end is in its write: what is told now waits in its mailbox
        for (var i = 0; i < 100; i++) _frontEnd.Tell(new MessagesReceived(Bob, [$"m{i}"]));
        _stdout.Unblock();

        await AwaitConditionAsync(() => Task.FromResult(_stdout.FlushedText.Contains("\"m99\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(5));
        Assert.Equal(101, (await FlushedLinesAsync()).Length);
        Assert.Equal(2, _stdout.Writes); // the listening line, then the hundred together
    }

    [Fact]
    public async Task Stdout_is_written_on_a_thread_of_its_own_so_a_blocked_reader_holds_no_pool_thread()
    {
        _frontEnd.Tell(new Listening("127.0.0.1", 5000));
        await _status.Listening.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(_stdout.WrittenOnPoolThread);
    }

    [Fact]
    public async Task A_flood_bigger_than_a_batch_goes_out_in_pieces_of_about_64_KiB()
    {
        var text = new string('x', 1000);
        _stdout.Block();
        _frontEnd.Tell(new Listening("127.0.0.1", 5000));
        _stdout.WaitUntilBlocked();
        for (var i = 0; i < 300; i++) _frontEnd.Tell(new MessagesReceived(Bob, [text]));
        _stdout.Unblock();

        Assert.Equal(301, (await FlushedLinesAsync()).Length);
        var lineBytes = Encoding.UTF8.GetByteCount(EventJson.ToLine(new ReceivedLine(Bob, text))!) + 1;
        var linesPerWrite = (HeadlessFrontEnd.BatchBytes + lineBytes - 1) / lineBytes; // written out once 64 KiB are in
        var flood = _stdout.WriteSizes.Skip(1).ToList();
        Assert.Equal((300 + linesPerWrite - 1) / linesPerWrite, flood.Count);
        Assert.All(flood.SkipLast(1), size => Assert.Equal(linesPerWrite * lineBytes, size));
    }

    /// <summary>
    /// Standard output as the front end sees it, readable from the test thread while the actor writes:
    /// what was written, what was flushed, how many writes; and it can hold the writer inside a write.
    /// </summary>
    private sealed class SharedStream : Stream
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _bytes = new();
        private readonly List<int> _writeSizes = [];
        private readonly ManualResetEventSlim _open = new(true);
        private readonly ManualResetEventSlim _blocked = new(false);
        private byte[] _flushed = [];

        public string Text
        {
            get
            {
                lock (_gate) return Encoding.UTF8.GetString(_bytes.ToArray());
            }
        }

        /// <summary>Everything written up to the last <see cref="Flush"/>.</summary>
        public string FlushedText
        {
            get
            {
                lock (_gate) return Encoding.UTF8.GetString(_flushed);
            }
        }

        public int Writes
        {
            get
            {
                lock (_gate) return _writeSizes.Count;
            }
        }

        public IReadOnlyList<int> WriteSizes
        {
            get
            {
                lock (_gate) return [.. _writeSizes];
            }
        }

        /// <summary>Some write ran on a thread of the shared thread pool.</summary>
        public bool WrittenOnPoolThread { get; private set; }

        /// <summary>The next write waits until <see cref="Unblock"/>: a reader that stopped reading.</summary>
        public void Block() => _open.Reset();

        public void Unblock() => _open.Set();

        public void WaitUntilBlocked() => Assert.True(_blocked.Wait(TimeSpan.FromSeconds(5)), "the front end did not write");

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!_open.IsSet)
            {
                _blocked.Set();
                _open.Wait();
            }
            lock (_gate)
            {
                _bytes.Write(buffer);
                _writeSizes.Add(buffer.Length);
                WrittenOnPoolThread |= Thread.CurrentThread.IsThreadPoolThread;
            }
        }

        public override void Flush()
        {
            lock (_gate) _flushed = _bytes.ToArray();
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open.Dispose();
                _blocked.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
