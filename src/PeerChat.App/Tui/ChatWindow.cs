using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// The chat screen:
/// <code>
/// ── PeerChat ────────────────────────────────────────┬── Peers (2) ──────────
/// 12:15 -- Bob joined (127.0.0.1:5002, age 15, zip …) │Bob
/// 12:15 &lt;Bob&gt; hi all, anyone up for lunch?             │  age 15 · zip 12345
///                                                     │  127.0.0.1:5002
/// ────────────────────────────────────────────────────┴──────────────────────
/// &gt; what you type
///  Alice @ 127.0.0.1:5001 │ 2 peers │ ^Q quit · /help · Tab complete · …
/// </code>
/// It only shows the <see cref="ChatScreenModel"/> and turns keys into model calls and node
/// commands (<see cref="IChatNode"/>, all non-blocking). Batches of node events arrive through
/// <see cref="ApplyBatch"/> on the UI thread. The input line always has the focus; nothing else takes it.
/// </summary>
internal sealed class ChatWindow : Window
{
    private readonly IApplication _app;
    private readonly ChatScreenModel _model;
    private readonly IChatNode _node;
    private readonly Action<IReadOnlyList<object>> _applied;
    private readonly Rule _header;
    private readonly LogView _logView;
    private readonly PeersView _peersView;
    private readonly StatusLine _status;
    private readonly InputField _input;
    private readonly PasteSender _paste;
    private int _rosterVersion = -1;
    private bool _quitting;
    private bool _stopping;

    /// <param name="applied">Told each batch once the screen has applied it (<see cref="ShownBatches.Shown"/>).</param>
    /// <param name="terminal">Where the title, bell and focus-report sequences go; the driver's raw output unless a test listens.</param>
    public ChatWindow(IApplication app, ChatScreenModel model, IChatNode node, Action<IReadOnlyList<object>> applied, Action<string>? terminal = null)
    {
        _app = app;
        _model = model;
        _node = node;
        _applied = applied;
        Title = "";
        BorderStyle = LineStyle.None;

        // Plain rules instead of framed views: see Rule.
        int PeersColumns() => PeersWidth(app.Driver?.Cols ?? 80);
        _header = new Rule(width => new Row(HeaderSpans(width, PeersColumns())))
        {
            X = 0, Y = 0, Width = Dim.Fill(), Height = 1,
        };
        _logView = new LogView(model.Log)
        {
            X = 0, Y = 1, Width = Dim.Fill(Dim.Func(_ => PeersColumns() == 0 ? 0 : PeersColumns() + 1)), Height = Dim.Fill(3),
        };
        var divider = new Rule("│")
        {
            X = Pos.Right(_logView), Y = 1, Width = Dim.Func(_ => PeersColumns() == 0 ? 0 : 1), Height = Dim.Fill(3),
        };
        _peersView = new PeersView(model)
        {
            X = Pos.AnchorEnd(), Y = 1, Width = Dim.Func(_ => PeersColumns()), Height = Dim.Fill(3),
        };
        var footer = new Rule(width => new Row(FooterSpans(width, PeersColumns())))
        {
            X = 0, Y = Pos.AnchorEnd(3), Width = Dim.Fill(), Height = 1,
        };
        var prompt = new Label { Text = ">", X = 0, Y = Pos.AnchorEnd(2), Width = 2, Height = 1 };
        _input = new InputField(this) { X = 2, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
        _paste = new PasteSender(model, node, () => _input.Text ?? "", SetInput);
        _status = new StatusLine(model) { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };

        Add(_header, _logView, divider, _peersView, footer, prompt, _input, _status);
        _input.SetFocus();
        _ = new TerminalSignals(app, model, this, terminal ?? (sequence => app.Driver?.WriteRaw(sequence))); // lives in the events it follows
        KeysAfterEscape.Attach(app);
    }

    /// <summary>The input line (tests read and type into it).</summary>
    public TextField Input => _input;

    public ChatScreenModel Model => _model;

    /// <summary>Peers pane width: about a third of the screen, 20 to 36 columns; none on a very narrow screen.</summary>
    public static int PeersWidth(int screenColumns) => screenColumns < 50 ? 0 : Math.Clamp(screenColumns * 3 / 10, 20, 36);

    /// <summary>The top rule: "──PeerChat────┬──Peers (2)──" with the peers pane's part over it.</summary>
    private List<Span> HeaderSpans(int width, int peers)
    {
        if (peers == 0) return Rule.Titled(" PeerChat ", width).ToList();
        var log = width - peers - 1;
        return Rule.Titled(" PeerChat ", log + 1, "┬").Concat(Rule.Titled($" {_model.PeersTitle} ", peers)).ToList();
    }

    /// <summary>The rule above the input line, joining the divider.</summary>
    private static List<Span> FooterSpans(int width, int peers) =>
        peers == 0
            ? [new Span(new string('─', Math.Max(0, width)), Tone.Rule)]
            : [new Span(new string('─', Math.Max(0, width - peers - 1)) + "┴" + new string('─', peers), Tone.Rule)];

    /// <summary>A batch of node events, on the UI thread (from <see cref="EventBatcher"/>).</summary>
    public void ApplyBatch(IReadOnlyList<object> batch)
    {
        _model.Apply(batch);
        _applied(batch);
        if (_model.FatalError is not null) Stop();
        Refresh();
    }

    /// <summary>Marks what changed for the next draw; text in the input line is never touched.</summary>
    private void Refresh()
    {
        _logView.SetNeedsDraw();
        if (_model.Roster.Version != _rosterVersion)
        {
            _rosterVersion = _model.Roster.Version;
            _header.SetNeedsDraw();
            _peersView.SetNeedsDraw();
        }
        _status.SetNeedsDraw();
    }

    /// <summary>Keys the chat takes before the text field: true when handled.</summary>
    internal bool HandleKey(Key key)
    {
        if (_paste.Answer(key))
        {
            Refresh();
            return true;
        }
        if (key == Key.Enter)
        {
            Submit();
            return true;
        }
        if (key == Key.Q.WithCtrl)
        {
            BeginQuit();
            return true;
        }
        if (key == Key.Esc) return true; // never quits, never clears what was typed
        if (key == Key.Tab)
        {
            Complete();
            return true;
        }
        if (key == Key.CursorUp)
        {
            if (_model.History.Previous(_input.Text) is { } previous) SetInput(previous);
            return true;
        }
        if (key == Key.CursorDown)
        {
            if (_model.History.Next() is { } next) SetInput(next);
            return true;
        }
        if (key == Key.PageUp)
        {
            ScrollLog(_logView.PageRows);
            return true;
        }
        if (key == Key.PageDown)
        {
            ScrollLog(-_logView.PageRows);
            return true;
        }
        if (key == Key.End.WithCtrl)
        {
            _model.Log.ScrollToBottom();
            Refresh();
            return true;
        }
        if (key == Key.Home.WithCtrl)
        {
            ScrollLog(int.MaxValue / 4);
            return true;
        }
        return false;
    }

    private void ScrollLog(int rows)
    {
        _model.Log.Scroll(rows);
        Refresh();
    }

    private void Submit()
    {
        var line = _input.Text ?? "";
        var result = _model.Submit(line);
        if (result.ClearInput) SetInput("");
        switch (result.Action)
        {
            case InputCommand.Say send:
                _node.Send(send.Text);
                break;
            case InputCommand.Connect connect:
                _node.Connect(connect.Host, connect.Port);
                break;
            case InputCommand.Peers peers:
                _node.ListPeers(peers.Filter);
                break;
            case InputCommand.AskMember ask:
                _node.AskMember(ask.Member);
                break;
            case InputCommand.Nick nick:
                _node.ChangeName(nick.Name);
                break;
            case InputCommand.Leave:
                _node.Leave();
                break;
            case InputCommand.Quit:
                BeginQuit();
                break;
        }
        Refresh();
    }

    /// <summary>Waiting for Enter or Esc about a paste of many lines.</summary>
    public bool AskingAboutPaste => _paste.Asking;

    /// <summary>A paste of several lines, with the input line's text before and after the cursor (see <see cref="PasteSender"/>).</summary>
    public void Paste(string before, string pasted, string after)
    {
        _paste.Paste(before, pasted, after);
        Refresh();
    }

    private void Complete()
    {
        var text = _input.Text ?? "";
        var cursor = TextIndex.CharIndex(text, _input.InsertionPoint);
        if (_model.Complete(text, cursor) is not { } completed) return;
        _input.Text = completed.Text;
        _input.InsertionPoint = TextIndex.ElementIndex(completed.Text, completed.Cursor);
    }

    private void SetInput(string text) => SetInput(text, text.Length);

    private void SetInput(string text, int cursor)
    {
        _model.Completer.Reset();
        _input.Text = text;
        _input.InsertionPoint = TextIndex.ElementIndex(text, cursor);
    }

    /// <summary>
    /// Ctrl+Q or /quit: say <c>leave</c> to every member, then stop (exit 0). The screen stays up
    /// and responsive meanwhile; a second Ctrl+Q stops at once.
    /// </summary>
    public void BeginQuit()
    {
        if (_quitting)
        {
            Stop();
            return;
        }
        _quitting = true;
        _model.BeginQuit();
        Refresh();
        _node.Quit(() => _app.Invoke(Stop));
    }

    private void Stop()
    {
        if (_stopping) return;
        _stopping = true;
        _app.RequestStop(this);
    }
}
