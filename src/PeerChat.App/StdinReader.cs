using System.Text;
using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>
/// Headless input: reads standard input on its own thread (reads block; actor threads must not) and
/// turns each line into a command for the node or the front end. Chat lines are paced: at most
/// <see cref="NodeSettings.MaxSendsInFlight"/> broadcasts wait for the node's <see cref="BroadcastAccepted"/>,
/// and the next line is not read before one is answered, so piping a huge file in holds only a few
/// lines in memory and loses none. End of input and <c>/quit</c> call <c>requestQuit</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its reading thread may still be blocked in a read of standard input when the session ends; the token stays alive until the process exits.")]
internal sealed class StdinReader
{
    // Bytes asked of standard input per read: a piped file comes in large blocks, not a line at a time.
    // Kept below InputLineReader.BlockChars: a StreamReader whose own buffer can decode to more chars than
    // the caller asks for may wait for more input to fill the caller's buffer, leaving a whole line unread.
    private const int InputBlockBytes = InputLineReader.BlockChars / 2;
    // Lines already read in go to the node together (one write per peer): what makes piping a big file fast.
    private const int MaxBatchLines = 256;
    private const int MaxBatchChars = 256 * 1024;

    private readonly InputLineReader _lines;
    private readonly IActorRef _node;
    private readonly IActorRef _frontEnd;
    private readonly Action _requestQuit;
    private readonly int _maxLineLength;
    private readonly PacedSender _sender;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource? _handling;
    private bool _closed;

    public StdinReader(TextReader input, IActorRef node, IActorRef frontEnd, NodeSettings settings, Action requestQuit)
    {
        _lines = new InputLineReader(input, settings.MaxLineLength);
        _node = node;
        _frontEnd = frontEnd;
        _requestQuit = requestQuit;
        _maxLineLength = settings.MaxLineLength;
        _sender = new PacedSender(node, settings.MaxSendsInFlight);
    }

    /// <summary>
    /// Standard input as text: UTF-8 always. A UTF-8 byte-order mark is skipped and nothing else is taken
    /// for one (bytes <c>FF FE</c> are not UTF-16 here); invalid bytes become U+FFFD, so a bad line is still
    /// a line and the lines after it read normally.
    /// </summary>
    public static TextReader Utf8Input(Stream stdin) =>
        new StreamReader(stdin, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: InputBlockBytes);

    public void Start() => new Thread(Run) { IsBackground = true, Name = "peerchat-stdin" }.Start();

    /// <summary>
    /// Stops taking lines. A line already read is still handed to the node if that happens within
    /// <paramref name="patience"/> (its broadcast may be waiting for pacing); after that it is dropped.
    /// Everything handed over before this returns reached the node's mailbox before anything sent after it.
    /// </summary>
    public async Task StopAsync(TimeSpan patience)
    {
        Task current;
        lock (_gate)
        {
            _closed = true;
            current = _handling?.Task ?? Task.CompletedTask;
        }
        await Task.WhenAny(current, Task.Delay(patience)).ConfigureAwait(false);
        _sender.Abandon();
        _abandon.Cancel();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                var line = _lines.ReadLine();
                if (line is null) break;
                if (!Begin()) return;
                try
                {
                    if (!Handle(line.Value)) return;
                }
                finally
                {
                    End();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or DecoderFallbackException)
        {
            // standard input went away: the same as its end
        }
        _requestQuit();
    }

    /// <summary>Lines taken in hand so far (for tests: a line taken before a stop is still sent).</summary>
    internal int LinesTaken { get; private set; }

    private bool Begin()
    {
        lock (_gate)
        {
            if (_closed) return false;
            LinesTaken++;
            _handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    private void End()
    {
        lock (_gate)
        {
            _handling?.TrySetResult();
            _handling = null;
        }
    }

    /// <returns>False to stop reading.</returns>
    private bool Handle(InputLine line)
    {
        if (line.TooLong)
        {
            _frontEnd.Tell(new ShowError($"line not sent: {ChatLineLimit.TooLong(_maxLineLength)}"));
            return true;
        }
        switch (CommandParser.Parse(line.Text, CommandSet.Headless))
        {
            case InputCommand.Say send:
                if (ChatLineLimit.Refusal(send.Text, _maxLineLength) is { } refusal)
                {
                    _frontEnd.Tell(new ShowError($"line not sent: {refusal}"));
                    return true;
                }
                return SendBatch(send.Text);
            case InputCommand.Connect connect:
                _node.Tell(new ConnectTo(connect.Host, connect.Port));
                return true;
            case InputCommand.Peers:
                _node.Tell(ListPeers.Instance, _frontEnd); // the PeerList goes straight to the front end
                return true;
            case InputCommand.AskMember ask:
                _node.Tell(new AskMemberList(ask.Member), _frontEnd); // so does the answer
                return true;
            case InputCommand.Nick nick:
                _node.Tell(new ChangeName(nick.Name), _frontEnd); // a refusal goes to the front end; NameChanged is an event
                return true;
            case InputCommand.Help:
                _frontEnd.Tell(new HelpListed(CommandSet.Headless.HelpLines));
                return true;
            case InputCommand.Quit:
                _requestQuit();
                return false;
            case InputCommand.Invalid invalid:
                _frontEnd.Tell(new ShowError(invalid.Text));
                return true;
            default:
                return true; // an empty line
        }
    }

    /// <summary>Sends <paramref name="first"/> with whatever chat lines are already read in behind it, then handles the line that ended the batch.</summary>
    private bool SendBatch(string first)
    {
        var batch = new List<string> { first };
        var chars = first.Length;
        while (batch.Count < MaxBatchLines && chars < MaxBatchChars && _lines.HasCompleteLineBuffered)
        {
            var next = _lines.ReadLine()!.Value;
            if (!next.TooLong && CommandParser.Parse(next.Text, CommandSet.Headless) is InputCommand.Say more && ChatLineLimit.Refusal(more.Text, _maxLineLength) is null)
            {
                batch.Add(more.Text);
                chars += more.Text.Length;
                continue;
            }
            return SendPaced(batch) && Handle(next); // a command (or a bad line) goes after the lines before it
        }
        return SendPaced(batch);
    }

    /// <summary>Waits until the batch has left for the node (input is the back-pressure); false once abandoned.</summary>
    private bool SendPaced(List<string> texts)
    {
        try
        {
            _sender.SendAsync(texts).Wait(_abandon.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException)
        {
            return false; // quitting: lines not yet handed over are given up
        }
    }
}
