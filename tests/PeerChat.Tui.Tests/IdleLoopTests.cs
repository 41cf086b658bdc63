using PeerChat.App.Tui;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Time;
using Terminal.Gui.Views;

namespace PeerChat.Tui.Tests;

/// <summary>
/// The main loop's sleep (<see cref="IdleLoop"/>) on a real Terminal.Gui application (ANSI driver, no
/// terminal). Its clock is the test's: the linger passes when the test says.
/// </summary>
[Collection(nameof(ScreenTests))]
public sealed class IdleLoopTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly long PastLinger = (long)IdleLoop.Linger.TotalMilliseconds + 1;

    private long _nowMs;
    private readonly IdleLoop _idle;
    private readonly VirtualTimeProvider _time = new();
    private readonly IApplication _app;

    public IdleLoopTests()
    {
        _idle = new IdleLoop(() => Interlocked.Read(ref _nowMs));
        _app = Application.Create(_time).Init(DriverRegistry.Names.ANSI);
        _idle.Attach(_app);
    }

    public void Dispose()
    {
        _idle.Dispose();
        _app.Dispose();
    }

    private void Pass(long ms) => Interlocked.Add(ref _nowMs, ms);

    /// <summary>One call of the sleep as the main loop makes it, on a thread of its own.</summary>
    private static Task SleepOnThread(IdleLoop idle)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            idle.SleepUntilNeeded();
            done.SetResult();
        }) { IsBackground = true }.Start();
        return done.Task;
    }

    [Fact]
    public void The_loop_keeps_its_pace_until_the_linger_after_the_last_arrival_has_passed()
    {
        Assert.False(_idle.MaySleep());
        Pass(PastLinger);
        Assert.True(_idle.MaySleep());
        _idle.Wake();
        Assert.False(_idle.MaySleep());
        Pass(PastLinger);
        Assert.True(_idle.MaySleep());
    }

    [Fact]
    public async Task An_invoke_from_another_thread_wakes_the_sleeping_loop()
    {
        using var rested = new SemaphoreSlim(0);
        _idle.Resting += () => rested.Release();
        Pass(PastLinger);
        var slept = SleepOnThread(_idle);
        Assert.True(await rested.WaitAsync(Timeout)); // asleep
        await Task.Delay(300); // nothing due: it must still sleep
        Assert.False(slept.IsCompleted);
        await Task.Run(() => _app.Invoke(() => { }));
        await slept.WaitAsync(Timeout);
        Assert.False(_idle.MaySleep()); // and it keeps its pace for the linger
    }

    [Fact]
    public async Task Resting_is_told_once_each_time_the_loop_falls_asleep_after_a_busy_spell()
    {
        var rests = 0;
        using var rested = new SemaphoreSlim(0);
        _idle.Resting += () =>
        {
            Interlocked.Increment(ref rests);
            rested.Release();
        };
        Pass(PastLinger);
        var slept = SleepOnThread(_idle);
        Assert.True(await rested.WaitAsync(Timeout)); // told as it falls asleep
        _app.AddTimeout(TimeSpan.Zero, () => false); // wakes it; it is then busy for the linger
        await slept.WaitAsync(Timeout);
        await SleepOnThread(_idle).WaitAsync(Timeout); // busy: returns at once, no rest
        Assert.Equal(1, Volatile.Read(ref rests));
        Pass(PastLinger);
        slept = SleepOnThread(_idle);
        Assert.True(await rested.WaitAsync(Timeout));
        _idle.Wake();
        await slept.WaitAsync(Timeout);
        Assert.Equal(2, Volatile.Read(ref rests));
    }

    [Fact]
    public async Task A_timeout_falling_due_wakes_the_sleeping_loop()
    {
        _app.AddTimeout(TimeSpan.FromMilliseconds(400), () => false);
        Pass(PastLinger); // adding it counted as an arrival; that is over
        var started = DateTime.UtcNow;
        await SleepOnThread(_idle).WaitAsync(Timeout);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(300), Timeout);
    }

    [Fact]
    public void The_loop_does_not_sleep_while_an_escape_sequence_is_half_read()
    {
        Pass(PastLinger);
        var input = (AnsiInputProcessor)_app.Driver!.GetInputProcessor();
        input.InputQueue.Enqueue('\u001b');
        input.ProcessQueue();
        Assert.False(_idle.MaySleep());
        _time.Advance(TimeSpan.FromMilliseconds(200)); // the parser's wait for the rest (50 ms) ends: a lone Esc
        input.ProcessQueue();
        Assert.True(_idle.MaySleep());
    }

    [Fact]
    public async Task An_idle_screen_runs_no_iterations_until_something_arrives()
    {
        var iterations = 0;
        _app.Iteration += (_, _) => Interlocked.Increment(ref iterations);
        using var rested = new SemaphoreSlim(0);
        _idle.Resting += () => rested.Release();
        using var window = new Window();
        var stopped = Task.Factory.StartNew(() => _app.Run(window), TaskCreationOptions.LongRunning);
        while (Volatile.Read(ref iterations) < 3) await Task.Delay(10); // running at its usual pace
        Pass(PastLinger);
        Assert.True(await rested.WaitAsync(Timeout)); // into its sleep
        var asleep = Volatile.Read(ref iterations);
        await Task.Delay(1000); // 25 iterations at the usual pace
        Assert.Equal(asleep, Volatile.Read(ref iterations));

        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Invoke(ran.SetResult);
        await ran.Task.WaitAsync(Timeout);
        Assert.True(Volatile.Read(ref iterations) > asleep);

        _app.Invoke(() => _app.RequestStop(window));
        await stopped.WaitAsync(Timeout);
    }
}
