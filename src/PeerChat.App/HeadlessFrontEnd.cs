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
/// output. Lines collect in a buffer that is flushed once the mailbox holds no more of them: a
/// <c>FlushBatch</c> sent to itself after the first line of a batch comes back after the rest.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: PostStop disposes the writer.")]
internal sealed class HeadlessFrontEnd : UntypedActor
{
    private sealed record FlushBatch
    {
        public static readonly FlushBatch Instance = new();
    }

    private readonly Stream _stdout;
    private readonly TextWriter _stderr;
    private readonly HeadlessStatus _status;
    private readonly Utf8JsonWriter _writer;
    private readonly List<MessagesReceived> _written = []; // confirmed once flushed
    private bool _flushPending;
    private bool _outputBroken;

    public HeadlessFrontEnd(Stream stdout, TextWriter stderr, HeadlessStatus status)
    {
        _stdout = stdout;
        _stderr = stderr;
        _status = status;
        _writer = new Utf8JsonWriter(stdout, EventJson.WriterOptions);
    }

    /// <param name="stdout">A buffered stream; the actor flushes it.</param>
    public static Props Props(Stream stdout, TextWriter stderr, HeadlessStatus status) =>
        Akka.Actor.Props.Create(() => new HeadlessFrontEnd(stdout, stderr, status));

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
                _stderr.WriteLine($"peerchat: cannot listen on {HostPort(failed.Host, failed.Port)}: {failed.Reason}");
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
                foreach (var text in batch.Texts) WriteLine(new ReceivedLine(batch.From, text));
                _written.Add(batch);
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
        try
        {
            _writer.Dispose(); // nothing of ours is pending in it; this only returns its buffer
        }
        catch (IOException)
        {
        }
    }

    private bool WriteLine(object message)
    {
        if (message is MessageSent or LeftNetwork) return true; // known, not shown
        if (_outputBroken) return EventJson.Shows(message);
        try
        {
            _writer.Reset();
            if (!EventJson.Write(_writer, message)) return false;
            _writer.Flush(); // into the buffered stream: a system call only when its buffer fills
            _stdout.WriteByte((byte)'\n');
        }
        catch (IOException)
        {
            OutputBroke();
        }
        return true;
    }

    private void Flush()
    {
        if (_outputBroken) return;
        try
        {
            _stdout.Flush();
        }
        catch (IOException)
        {
            OutputBroke();
            return;
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

    private static string HostPort(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
