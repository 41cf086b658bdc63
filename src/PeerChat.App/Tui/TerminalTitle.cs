namespace PeerChat.App.Tui;

/// <summary>
/// Keeps the terminal's title for while the chat screen is up. Terminal.Gui sets the title from
/// the window's (<c>ESC ] 0 ; title ST</c>: an empty one at start) and never puts the old one
/// back, so the terminal stayed untitled after quitting. xterm's title stack does it: the title is
/// pushed before the screen opens (<c>CSI 22 ; 0 t</c>) and popped after it has closed
/// (<c>CSI 23 ; 0 t</c>). xterm and tmux keep such a stack; a terminal without one ignores both.
/// </summary>
internal sealed class TerminalTitle : IDisposable
{
    public const string Push = "\u001b[22;0t";
    public const string Pop = "\u001b[23;0t";

    private readonly TextWriter _terminal;

    private TerminalTitle(TextWriter terminal) => _terminal = terminal;

    /// <summary>Pushes the title now; disposing pops it. Write to the terminal only when nothing else is drawing on it.</summary>
    public static TerminalTitle Keep(TextWriter terminal)
    {
        terminal.Write(Push);
        terminal.Flush();
        return new TerminalTitle(terminal);
    }

    public void Dispose()
    {
        _terminal.Write(Pop);
        _terminal.Flush();
    }
}
