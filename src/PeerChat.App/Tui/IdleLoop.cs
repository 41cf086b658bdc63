using System.Runtime.InteropServices;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace PeerChat.App.Tui;

/// <summary>
/// Lets the chat screen's main loop sleep while nothing happens. Terminal.Gui 2.5 runs its loop
/// <see cref="Application.MaximumIterationsPerSecond"/> (25) times a second whether or not there is
/// anything to do, each pause a <c>Task.Delay</c> that wakes the .NET timer thread, a pool worker and the
/// UI thread. This holds the loop at the start of an iteration (<see cref="IApplication.Iteration"/>)
/// until something arrives: an <c>app.Invoke</c> or timeout (a batch of chat lines, a quit; every one goes
/// through <see cref="IApplication.TimedEvents"/>), input (<see cref="TerminalInput"/> calls <see cref="Wake"/>),
/// a resize (SIGWINCH), or the next timeout falling due. That iteration then runs at once: a key is
/// echoed, a batch applied, without waiting out the rest of a 40 ms pause.
/// <para>
/// Terminal.Gui also keeps state on the clock that it does not show: a lone Esc is held 50 ms, an
/// unanswered terminal query expires after 1 s, a click waits 500 ms for a second one. So after anything
/// arrives the loop keeps its usual pace for <see cref="Linger"/>, and it never sleeps while the input
/// parser is inside a sequence; only then does it sleep.
/// </para>
/// </summary>
internal sealed class IdleLoop : IDisposable
{
    /// <summary>How long the loop keeps its usual pace after the last thing that arrived: longer than Terminal.Gui's longest short timeout (1 s).</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Func<long> _nowMs;
    private long _lastArrivalMs;
    private IApplication? _app;
    private PosixSignalRegistration? _resize;
    private bool _resting;

    /// <param name="nowMs">A monotonic clock in milliseconds (tests move it); <see cref="Environment.TickCount64"/> by default.</param>
    public IdleLoop(Func<long>? nowMs = null)
    {
        _nowMs = nowMs ?? (() => Environment.TickCount64);
        _lastArrivalMs = _nowMs();
    }

    /// <summary>The loop is about to sleep after a busy spell (once per spell), on the UI thread.</summary>
    public event Action? Resting;

    /// <summary>Starts holding <paramref name="app"/>'s loop (after Init, before Run).</summary>
    public void Attach(IApplication app)
    {
        _app = app;
        if (app.TimedEvents is { } timed) timed.Added += (_, _) => Wake();
        app.Iteration += (_, _) => SleepUntilNeeded();
        if (!OperatingSystem.IsWindows()) _resize = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Wake());
    }

    /// <summary>Something arrived for the loop: it runs now, and at its usual pace for <see cref="Linger"/>. Any thread.</summary>
    public void Wake()
    {
        Interlocked.Exchange(ref _lastArrivalMs, _nowMs());
        _wake.Set();
    }

    /// <summary>On the UI thread, before an iteration: returns at once while busy, else when something arrives or a timeout is due.</summary>
    internal void SleepUntilNeeded()
    {
        _wake.Reset();
        if (!MaySleep())
        {
            _resting = false;
            return;
        }
        if (!_resting)
        {
            _resting = true;
            Resting?.Invoke();
        }
        _wake.Wait(NextTimeoutMs());
    }

    /// <summary>The loop may sleep: the last arrival is over <see cref="Linger"/> ago and no input sequence is half read.</summary>
    internal bool MaySleep()
    {
        if (_nowMs() - Interlocked.Read(ref _lastArrivalMs) < (long)Linger.TotalMilliseconds) return false;
        var parser = _app?.Driver?.GetInputProcessor().GetParser();
        return parser is null || parser.State == AnsiResponseParserState.Normal;
    }

    /// <summary>Milliseconds until the earliest timeout is due; -1 (for ever) when there is none.</summary>
    private int NextTimeoutMs()
    {
        if (_app?.TimedEvents is not TimedEvents timed) return 0; // cannot tell: do not sleep
        return timed.CheckTimers(out var waitMs) ? waitMs : -1;
    }

    /// <summary>Stops listening for resizes. The wake event stays usable: a late <c>app.Invoke</c> may still call <see cref="Wake"/>.</summary>
    public void Dispose() => _resize?.Dispose();
}
