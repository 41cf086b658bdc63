using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace PeerChat.App.Tui;

/// <summary>
/// The screen's signals outside its cells: the terminal's title (unread mentions in front) and its
/// bell, brought in line with the <see cref="ChatScreenModel"/> each time the window has drawn (so
/// the bell rings with the highlighted line on screen). It also tells the model when the user looks:
/// any key, and the terminal's focus reports (<c>CSI ?1004 h</c>: the terminal sends <c>ESC [ I</c> when
/// it gets the focus and <c>ESC [ O</c> when it loses it). Terminal.Gui 2.5 has no focus event of its
/// own, but its input parser swallows both as unknown sequences and says so
/// (<c>AnsiSequenceSwallowed</c>); <c>ESC [ O</c> waits out the parser's escape timeout first, as
/// Terminal.Gui does not take O as a final byte. Terminals without focus reports ignore the request.
/// </summary>
internal sealed class TerminalSignals
{
    public const string Bell = "\a";
    public const string FocusReportsOn = "\u001b[?1004h";
    public const string FocusReportsOff = "\u001b[?1004l";
    public const string FocusIn = "\u001b[I";
    public const string FocusOut = "\u001b[O";

    private readonly ChatScreenModel _model;
    private readonly View _window;
    private readonly Action<string> _write;
    private string? _title;

    /// <param name="write">Writes escape sequences to the terminal (the driver's raw output).</param>
    public TerminalSignals(IApplication app, ChatScreenModel model, Window window, Action<string> write)
    {
        _model = model;
        _window = window;
        _write = write;
        window.DrawComplete += (_, _) => Update();
        // Focus reports only while the screen runs: the shell after it must not get ESC [ I typed into it.
        window.IsRunningChanged += (_, running) => _write(running.Value ? FocusReportsOn : FocusReportsOff);
        app.Keyboard.KeyDown += (_, _) => Looked();
        if (app.Driver?.GetInputProcessor() is { } input) input.AnsiSequenceSwallowed += (_, sequence) => Reported(sequence);
    }

    /// <summary>A sequence from the terminal that Terminal.Gui did not take: a focus report, or something else to ignore.</summary>
    private void Reported(string sequence)
    {
        if (sequence == FocusIn) _model.FocusGained();
        else if (sequence == FocusOut) _model.FocusLost();
        else return;
        _window.SetNeedsDraw(); // the read marker
        Update();
    }

    /// <summary>A key: the user is at the screen. The title follows at once, even for a key that changes nothing on screen.</summary>
    private void Looked()
    {
        _model.Look();
        Update();
    }

    private void Update()
    {
        var title = _model.TerminalTitle;
        if (title != _title)
        {
            _title = title;
            _write(EscSeqUtils.OSC_SetWindowTitle(title, 0));
        }
        if (_model.Mentions.TakeRing()) _write(Bell);
    }
}
