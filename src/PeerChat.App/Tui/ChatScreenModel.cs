using PeerChat.Protocol;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>The answer to a <c>/peers</c>, <c>/who</c>, <c>/zip</c> or <c>/age</c>, handed to the screen by the bridge.</summary>
internal sealed record PeersListed(IReadOnlyList<PeerInfo> Peers, PeerFilter Filter);

/// <summary>
/// What entering a line did: the command the node (or quitting) still has to carry out — a
/// <see cref="InputCommand.Say"/>, <see cref="InputCommand.Connect"/>, <see cref="InputCommand.Peers"/>,
/// <see cref="InputCommand.AskMember"/>, <see cref="InputCommand.Nick"/>, <see cref="InputCommand.Leave"/> or <see cref="InputCommand.Quit"/>; null when the screen handled it
/// itself — and whether the input line is cleared.
/// </summary>
internal sealed record Submitted(InputCommand? Action, bool ClearInput);

/// <summary>
/// Everything the chat screen shows, without Terminal.Gui: the message log, the peers, the input
/// history and completion, the status line. Node events come in as batches (<see cref="Apply"/>),
/// typed lines as <see cref="Submit"/>. The UI thread owns it; nothing here blocks or talks to actors.
/// </summary>
internal sealed partial class ChatScreenModel
{
    private readonly TimeProvider _time;
    private readonly int _maxLineLength;
    private readonly int _maxMessageChars;
    private DateTime _day;

    /// <param name="time">The clock for the lines' times and the day lines (tests cross midnight with their own).</param>
    /// <param name="listening">Where the node listens, when already known (the session opens the screen after it is).</param>
    public ChatScreenModel(NodeSettings node, TuiSettings tui, TimeProvider? time = null, Listening? listening = null)
    {
        _time = time ?? TimeProvider.System;
        _maxLineLength = node.MaxLineLength;
        _maxMessageChars = tui.MaxMessageChars;
        OwnName = node.Name;
        OwnDisplayName = TextSafety.Inert(node.Name, 256);
        Log = new ChatLog(tui.MaxLogLines);
        Mentions = new MentionAlert(tui.Bell);
        Log.BackAtBottom += Look;
        ListenAddress = listening is null ? HostPort.Format(node.ListenHost, node.ListenPort) : HostPort.Format(listening.Host, listening.Port);
    }

    /// <summary>This node's name (it changes with <c>/nick</c>).</summary>
    public string OwnName { get; private set; }
    public string OwnDisplayName { get; private set; }
    public ChatLog Log { get; }
    public PeerRoster Roster { get; } = new();
    public InputHistory History { get; } = new();
    public TabCompleter Completer { get; } = new();

    /// <summary>Unread mentions and the bell.</summary>
    public MentionAlert Mentions { get; }

    /// <summary>The terminal's title: the app, your name, and the unread mentions.</summary>
    public string TerminalTitle => Mentions.Title(OwnDisplayName);

    /// <summary>The address the node listens on (the configured one until the node reports the real port).</summary>
    public string ListenAddress { get; private set; }

    public bool Listening { get; private set; }

    /// <summary>Set when the node cannot listen: the session ends and prints it.</summary>
    public string? FatalError { get; private set; }

    /// <summary>Quitting: <c>leave</c> is on its way to every member.</summary>
    public bool Quitting { get; private set; }

    /// <summary>Chat messages from peers shown so far (for pacing and the flood measurement).</summary>
    public long MessagesShown { get; private set; }

    /// <summary>
    /// Applies a batch of node events (and bridge notices) in order; a <see cref="MessagesReceived"/>
    /// is a log line for each of its lines.
    /// </summary>
    /// <returns>How many received chat lines the batch held.</returns>
    public int Apply(IReadOnlyList<object> batch)
    {
        var lines = 0;
        foreach (var e in batch)
            if (e is MessagesReceived received) lines += received.Texts.Count;
        // A flood bigger than the log: a chat line with Capacity chat lines after it can never be
        // seen, so only the last Capacity are made, counted across all the received batches here.
        var unseen = lines - Log.Capacity;
        var line = 0;
        foreach (var e in batch)
        {
            if (e is not MessagesReceived received)
            {
                Apply(e);
                continue;
            }
            string? sender = null;
            foreach (var text in received.Texts)
            {
                if (line++ < unseen) continue;
                sender ??= TextSafety.Inert(received.From.Name, 256);
                var mention = MentionsMe(text);
                Add(new LogEntry(Now(), EntryKind.Chat, TextSafety.Inert(text, _maxMessageChars), sender, mention));
                if (mention) Mentions.Arrived();
            }
        }
        MessagesShown += lines;
        return lines;
    }

    private void Apply(object e)
    {
        switch (e)
        {
            case Listening l:
                Listening = true;
                ListenAddress = HostPort.Format(l.Host, l.Port);
                System($"listening on {ListenAddress} as {OwnDisplayName}. /connect HOST:PORT joins a network, /help lists the commands");
                break;
            case ListenFailed f:
                FatalError = $"cannot listen on {HostPort.Format(f.Host, f.Port)}: {OneLine(f.Reason)}";
                Error(FatalError);
                break;
            case PeerJoined j:
                Roster.Join(j.Peer);
                System($"{Name(j.Peer)} joined ({Describe(j.Peer)})");
                break;
            case PeerLeft left:
                Roster.Leave(left.Peer);
                System(left.Reason switch
                {
                    LeaveReason.Leave => $"{Name(left.Peer)} left ({left.Peer.Address})",
                    LeaveReason.Stalled => $"{Name(left.Peer)} was dropped: it stopped reading ({left.Peer.Address})",
                    LeaveReason.Replaced => $"{Name(left.Peer)} is gone: another peer joined from its address ({left.Peer.Address})",
                    _ => $"{Name(left.Peer)} disconnected ({left.Peer.Address})",
                });
                break;
            case MessageSent s:
                // The line itself was shown when it was entered.
                if (s.Recipients == 0) System("nobody received that: no peers yet. /connect HOST:PORT joins a network");
                break;
            case AlreadyMember m:
                System($"already joined {Name(m.Peer)} ({m.Peer.Address}); asking it who else is there");
                break;
            case JoinFailed f:
                Error($"cannot join {TextSafety.Inert(f.Address, 300)}: {OneLine(f.Reason)}");
                break;
            case LeftNetwork l:
                Roster.Clear();
                System(Quitting
                    ? $"left the network (said leave to {Plural(l.Peers, "peer")}); quitting"
                    : $"left the network (said leave to {Plural(l.Peers, "peer")}). /connect HOST:PORT joins again");
                break;
            case PeersListed listed:
                ShowPeers(listed);
                break;
            case TranscriptFailed t:
                Error($"the transcript {TextSafety.Inert(t.Path, 300)} cannot be written any more; chat goes on without it");
                break;
            default:
                ApplyCommandAnswer(e);
                break;
        }
    }

    /// <summary>
    /// A line the user entered. Chat lines are not shown here: the node's <see cref="MessageSent"/>
    /// shows them, in order with everything else. Mistakes show a line saying what was expected and
    /// keep the input, so nothing typed is lost.
    /// </summary>
    public Submitted Submit(string line)
    {
        Completer.Reset();
        var command = CommandParser.Parse(line, CommandSet.Screen);
        if (command is not InputCommand.Blank) History.Add(line);
        switch (command)
        {
            case InputCommand.Blank:
                return new Submitted(null, ClearInput: false);
            case InputCommand.Say send:
                if (ChatLineLimit.Refusal(send.Text, _maxLineLength) is { } refusal)
                {
                    Error($"not sent: {refusal}");
                    return new Submitted(null, ClearInput: false);
                }
                if (Quitting)
                {
                    Error("not sent: quitting");
                    return new Submitted(null, ClearInput: false);
                }
                Log.ScrollToBottom(); // what you send, you want to see
                // Shown at once, in the order typed (as IRC clients do); the node sends it in that order too.
                Add(new LogEntry(Now(), EntryKind.Own, TextSafety.Inert(send.Text, _maxMessageChars), OwnDisplayName));
                return new Submitted(send, ClearInput: true);
            case InputCommand.Connect c:
                System($"joining {HostPort.Format(c.Host, c.Port)}…");
                return new Submitted(c, ClearInput: true);
            case InputCommand.Peers or InputCommand.Leave or InputCommand.Quit:
                return new Submitted(command, ClearInput: true);
            case InputCommand.AskMember or InputCommand.Nick or InputCommand.Clear:
                return SubmitCommand(command);
            case InputCommand.Help:
                ShowHelp();
                return new Submitted(null, ClearInput: true);
            case InputCommand.Invalid invalid:
                Error(invalid.Text);
                return new Submitted(null, ClearInput: false);
            default:
                return new Submitted(null, ClearInput: false);
        }
    }

    /// <summary>Quitting has begun (Ctrl+Q or /quit): leave is being said.</summary>
    public void BeginQuit()
    {
        if (Quitting) return;
        Quitting = true;
        System("quitting: saying leave to every peer… (Ctrl+Q again quits at once)");
    }

    /// <summary>Shows a line of the screen's own (an error from the session, say).</summary>
    public void Notice(string text, bool error = false)
    {
        if (error) Error(TextSafety.Inert(text, 2000));
        else System(TextSafety.Inert(text, 2000));
    }

    /// <summary>The user looked (a key, back in the terminal, back at the newest line): every mention so far is read.</summary>
    public void Look() => Mentions.Seen();

    /// <summary>The terminal reports it lost the focus: what arrives from now on is unread.</summary>
    public void FocusLost() => Log.Away();

    /// <summary>The terminal reports it has the focus again: the read marker shows where the user left off.</summary>
    public void FocusGained()
    {
        Log.Back();
        Look();
    }

    /// <summary>Tab in the input line.</summary>
    public (string Text, int Cursor)? Complete(string text, int cursor) => Completer.Complete(text, cursor, Roster.Names, Roster.Addresses);

    // ── Status line and peers pane ───────────────────────────────────────────────────────────────

    public string PeersTitle => $"Peers ({Roster.Count})";

    public string StatusText =>
        $" {LogLayout.Fit(OwnDisplayName, LogEntry.MaxNameColumns)} @ {ListenAddress} │ {Plural(Roster.Count, "peer")}{(Quitting ? " │ quitting…" : "")} │ ^Q quit · /help · Tab complete · ↑↓ history · PgUp/PgDn scroll";

    /// <summary>Three rows per member: the name in its colour, age and zip, the address.</summary>
    public IReadOnlyList<Row> PeerRows(int width)
    {
        var rows = new List<Row>(Roster.Count * 3);
        foreach (var p in Roster.Members)
        {
            var name = TextSafety.Inert(p.Name, 512);
            rows.Add(new Row([new Span(LogLayout.Fit(name, width), Tone.Name, NameColors.Of(name))]));
            rows.Add(new Row([new Span(LogLayout.Fit($"  age {TextSafety.Inert(p.Age, 20)} · zip {TextSafety.Inert(p.Zip, 20)}", width), Tone.Dim)]));
            rows.Add(new Row([new Span(LogLayout.Fit($"  {p.Address}", width), Tone.Dim)]));
        }
        return rows;
    }

    // ── Lines ───────────────────────────────────────────────────────────────────────────────────

    private void System(string text) => Add(new LogEntry(Now(), EntryKind.System, text));

    private void Error(string text) => Add(new LogEntry(Now(), EntryKind.Error, text));

    private DateTime Now() => _time.GetLocalNow().DateTime;

    /// <summary>Adds a line, after a day line when it is the first of the session (or since the log was emptied) or of a new day.</summary>
    private void Add(LogEntry entry)
    {
        if (Log.Count == 0 || entry.Time.Date != _day)
        {
            _day = entry.Time.Date;
            Log.Add(LogEntry.DayLine(entry.Time));
        }
        Log.Add(entry);
    }

    /// <summary>The text names the user (whole word, any case: see <see cref="NameMention"/>); the name is read now, as it may have changed.</summary>
    public bool MentionsMe(string text) => NameMention.In(text, OwnName, _maxMessageChars);

    /// <summary>A member's name as the log shows it: inert, cut to <see cref="LogEntry.MaxNameColumns"/>.</summary>
    internal static string Name(PeerInfo p) => LogLayout.Fit(TextSafety.Inert(p.Name, 512), LogEntry.MaxNameColumns);

    private static string Describe(PeerInfo p) => $"{p.Address}, age {TextSafety.Inert(p.Age, 20)}, zip {TextSafety.Inert(p.Zip, 20)}";

    private static string Plural(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string OneLine(string text) => TextSafety.Inert(string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), 500);

}
