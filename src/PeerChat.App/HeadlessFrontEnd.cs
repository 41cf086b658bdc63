using PeerChat.Protocol;
using System.Buffers;
using System.Text.Json;
using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>Asks the front end to write out everything it has; answered with <see cref="OutputFlushed"/>.</summary>
internal sealed record FlushOutput
{
    public static readonly FlushOutput Instance = new();
}

internal sealed record OutputFlushed
{
    public static readonly OutputFlushed Instance = new();
}

/// <summary>How the front end tells the session what happened to the node's listener and to standard output.</summary>
internal sealed class HeadlessStatus
{
    private readonly TaskCompletionSource<Listening> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ListenFailed> _listenFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the listening event has been written and flushed.</summary>
    public Task<Listening> Listening => _listening.Task;

    public Task<ListenFailed> ListenFailed => _listenFailed.Task;

    /// <summary>Standard output cannot be written any more (the reader went away).</summary>
    public Task OutputClosed => _outputClosed.Task;

    internal void SetListening(Listening e) => _listening.TrySetResult(e);

    internal void SetListenFailed(ListenFailed e) => _listenFailed.TrySetResult(e);

    internal void SetOutputClosed() => _outputClosed.TrySetResult();
}

/// <summary>
/// The headless front end: every <see cref="ChatEvent"/> on the EventStream (it is subscribed by
/// the session before the node starts) and every answer it asked for, as one JSON line on standard
/// output. Lines collect in memory and go out as one write: when the mailbox holds no more of them
/// (a <c>FlushBatch</c> sent to itself after the first line of a batch comes back after the rest),
/// or sooner once <see cref="BatchBytes"/> have collected. So a flood costs one system call per
/// batch, and a line said alone is written at once for an interactive reader.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: PostStop disposes the writer.")]
internal sealed class HeadlessFrontEnd : UntypedActor
{
    /// <summary>Written out at this size even while the batch goes on: a flood never waits long, nor takes much memory.</summary>
    internal const int BatchBytes = 64 * 1024;

    private sealed record FlushBatch
    {
        public static readonly FlushBatch Instance = new();
    }

    private readonly Stream _stdout;
    private readonly TextWriter _stderr;
    private readonly HeadlessStatus _status;
    private readonly ArrayBufferWriter<byte> _batch = new(BatchBytes + 4096);
    private readonly Utf8JsonWriter _writer;
    private readonly List<MessagesReceived> _written = []; // confirmed once written out
    private bool _flushPending;
    private bool _outputBroken;

    public HeadlessFrontEnd(Stream stdout, TextWriter stderr, HeadlessStatus status)
    {
        _stdout = stdout;
        _stderr = stderr;
        _status = status;
        _writer = new Utf8JsonWriter(_batch, EventJson.WriterOptions);
    }

    /// <summary>
    /// A PinnedDispatcher from Akka's reference config (Akka.IO's, always there): the front end gets a
    /// thread of its own, so while a reader that stopped reading holds it in a write, the node's actors
    /// keep every thread of the shared pool.
    /// </summary>
    internal const string OwnThread = "akka.io.pinned-dispatcher";

    /// <param name="stdout">Standard output itself, unbuffered: each batch is already one <see cref="Stream.Write(ReadOnlySpan{byte})"/>.</param>
    public static Props Props(Stream stdout, TextWriter stderr, HeadlessStatus status) =>
        Akka.Actor.Props.Create(() => new HeadlessFrontEnd(stdout, stderr, status)).WithDispatcher(OwnThread);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Listening listening:
                WriteLine(listening);
                Flush();
                _status.SetListening(listening);
                break;
            case ListenFailed failed:
                _stderr.WriteLine($"peerchat: cannot listen on {HostPort.Format(failed.Host, failed.Port)}: {failed.Reason}");
                _status.SetListenFailed(failed);
                break;
            case FlushBatch:
                _flushPending = false;
                Flush();
                break;
            case FlushOutput:
                Flush();
                Sender.Tell(OutputFlushed.Instance);
                break;
            case MessagesReceived batch:
                WriteMessages(batch);
                _written.Add(batch); // after its lines: a write out in the middle of them does not confirm it
                FlushSoon();
                break;
            default:
                if (!WriteLine(message)) Unhandled(message);
                else FlushSoon();
                break;
        }
    }

    // Flushed once the mailbox has moved on: a burst of events becomes one write to stdout.
    private void FlushSoon()
    {
        if (_flushPending) return;
        _flushPending = true;
        Self.Tell(FlushBatch.Instance);
    }

    protected override void PostStop()
    {
        Flush();
        _writer.Dispose(); // writes nothing: every line was flushed into the batch as it ended
    }

    private void WriteMessages(MessagesReceived batch)
    {
        if (_outputBroken) return;
        MessageLines.Append(_batch, batch);
        if (_batch.WrittenCount >= BatchBytes) Flush();
    }

    private bool WriteLine(object message)
    {
        if (message is MessageSent or LeftNetwork) return true; // known, not shown
        if (_outputBroken) return EventJson.Shows(message);
        _writer.Reset();
        if (!EventJson.Write(_writer, message)) return false;
        _writer.Flush(); // into the batch in memory, not to stdout
        _batch.GetSpan(1)[0] = (byte)'\n';
        _batch.Advance(1);
        if (_batch.WrittenCount >= BatchBytes) Flush();
        return true;
    }

    /// <summary>Writes the batch to standard output in one write and flushes it; then confirms the chat batches it held.</summary>
    private void Flush()
    {
        if (_outputBroken) return;
        try
        {
            if (_batch.WrittenCount > 0) _stdout.Write(_batch.WrittenSpan);
            _stdout.Flush();
        }
        catch (IOException)
        {
            OutputBroke();
            return;
        }
        finally
        {
            _batch.ResetWrittenCount();
        }
        // Written out: their peers may send more. A flooding peer so waits for stdout instead of filling memory.
        foreach (var batch in _written) batch.Confirm();
        _written.Clear();
    }

    private void OutputBroke()
    {
        _outputBroken = true;
        _stderr.WriteLine("peerchat: standard output is closed; quitting");
        _status.SetOutputClosed();
    }

}
