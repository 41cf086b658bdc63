using Terminal.Gui.Drivers;

namespace PeerChat.App.Tui;

/// <summary>
/// Terminal.Gui's ANSI input (raw mode, the same reads and parsing) with an input thread that sleeps
/// until a key arrives. Terminal.Gui 2.5's input loop (<c>InputImpl.Run</c>) asks "anything there?"
/// (<see cref="Peek"/>) and, when not, sleeps 20 ms on a <c>Task.Delay</c>: 50 times a second, each
/// waking the .NET timer thread, a pool worker and the input thread. Here <see cref="Peek"/> itself
/// sleeps in <see cref="InputWait"/> until the terminal has input, so the loop's delay is reached only
/// on the way out, and a key is read the moment it comes instead of up to 20 ms later.
/// <para>
/// After each read it calls <c>arrived</c> (the main loop sleeps too: <see cref="IdleLoop"/>). Where the
/// terminal is not standard input on a Unix terminal (Windows, a redirected stdin, no terminal, tests)
/// it is Terminal.Gui's input unchanged.
/// </para>
/// </summary>
internal sealed class TerminalInput : AnsiInput, IInput<char>
{
    private const int StandardInput = 0;

    private readonly Action _arrived;
    private readonly InputWait? _wait;

    public TerminalInput(Action arrived)
    {
        _arrived = arrived;
        if (IsAttachedToTerminal && !Console.IsInputRedirected) _wait = InputWait.Create(StandardInput);
    }

    /// <summary>True when the input thread sleeps until input (a Unix terminal on stdin).</summary>
    public bool Sleeps => _wait is not null;

    /// <summary>Terminal.Gui's loop, woken from its sleep when the screen closes (the loop then ends as before).</summary>
    void IInput<char>.Run(CancellationToken runCancellationToken)
    {
        using var stopped = runCancellationToken.Register(() => _wait?.Stop());
        using var stoppedOutside = ExternalCancellationTokenSource?.Token.Register(() => _wait?.Stop());
        Run(runCancellationToken);
    }

    public override bool Peek()
    {
        if (base.Peek()) return true;
        return _wait is not null && _wait.Wait() && base.Peek();
    }

    public override IEnumerable<char> Read()
    {
        foreach (var c in base.Read()) yield return c;
        // Every character read is in Terminal.Gui's queue by now (each was queued before the next was asked for).
        _arrived();
    }

    public override void Dispose()
    {
        _wait?.Stop();
        base.Dispose();
        _wait?.Dispose();
    }
}
