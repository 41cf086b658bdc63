using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace PeerChat.Node;

/// <summary>
/// Akka's scheduler (<c>akka.scheduler.implementation</c> in peerchat.conf), woken only when something is due.
/// Akka's own HashedWheelTimerScheduler ticks every <c>akka.scheduler.tick-duration</c> (10 ms) whether or
/// not anything is scheduled: about 600 thread wake-ups a second, nearly all of an idle node's CPU.
/// Here each scheduled item is a .NET timer, and the runtime's timer thread sleeps until the earliest is due,
/// so a node with nothing scheduled sleeps; items fire to the millisecond instead of to the next 10 ms tick.
/// </summary>
internal sealed class WakeWhenDueScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private readonly ConcurrentDictionary<Scheduled, byte> _pending = new();
    private volatile bool _stopped;

    /// <summary>The constructor Akka calls for <c>akka.scheduler.implementation</c>.</summary>
    public WakeWhenDueScheduler(Config scheduler, ILoggingAdapter log) : base(scheduler, log) { }

    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;
    // Time since the first scheduler started; Akka only takes differences of it (Stopwatch is monotonic).
    private static readonly long Origin = Stopwatch.GetTimestamp();
    public override TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(Origin);
    public override TimeSpan HighResMonotonicClock => Stopwatch.GetElapsedTime(Origin);

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(initialDelay, interval, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, Timeout.InfiniteTimeSpan, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, action, cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, Timeout.InfiniteTimeSpan, action.Run, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, action.Run, cancelable);

    private void Add(TimeSpan delay, TimeSpan interval, Action action, ICancelable? cancelable)
    {
        if (_stopped) throw new SchedulerException("cannot schedule after the scheduler has stopped");
        var item = new Scheduled(this, action, cancelable, interval);
        _pending[item] = 0;
        item.Start(delay);
    }

    /// <summary>
    /// At the actor system's end: stops every timer and runs each item still pending once, as Akka's own
    /// scheduler does, so scheduled messages end as dead letters instead of vanishing.
    /// </summary>
    public void Dispose()
    {
        _stopped = true;
        foreach (var item in _pending.Keys)
            if (item.Stop()) item.RunAtShutdown();
    }

    private sealed class Scheduled(WakeWhenDueScheduler owner, Action action, ICancelable? cancelable, TimeSpan interval)
    {
        private ITimer? _timer;
        private CancellationTokenRegistration _cancellation;
        // When the first firing is due, by Stopwatch: the runtime's timer counts coarse milliseconds and
        // can fire one early, and a scheduled delay is a minimum. 0 once it has fired.
        private long _firstDue;
        private bool Repeats => interval != Timeout.InfiniteTimeSpan;

        public void Start(TimeSpan delay)
        {
            // Created stopped, then started, so the callback never sees _timer unset. The timer roots
            // itself while scheduled (TimeProvider.CreateTimer), and _pending keeps the item for Dispose.
            _firstDue = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            _timer = TimeProvider.System.CreateTimer(static s => ((Scheduled)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, interval);
            // A cancelled item releases its timer at once (a 30 s timer cancelled after 1 ms must not linger).
            if (cancelable is not null) _cancellation = cancelable.Token.Register(static s => ((Scheduled)s!).Stop(), this);
        }

        /// <summary>Removes the item and its timer; false if it was already gone.</summary>
        public bool Stop()
        {
            if (!owner._pending.TryRemove(this, out _)) return false;
            _timer?.Dispose();
            _cancellation.Dispose();
            return true;
        }

        private void Fire()
        {
            if (cancelable?.IsCancellationRequested == true || owner._stopped)
            {
                Stop();
                return;
            }
            if (_firstDue != 0)
            {
                var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _firstDue);
                if (early > TimeSpan.Zero)
                {
                    _timer!.Change(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), interval);
                    return;
                }
                _firstDue = 0;
            }
            if (!Repeats) Stop();
            try
            {
                action();
            }
            catch (Exception ex)
            {
                owner.Log.Error(ex, "scheduled task failed; it will not run again");
                Stop();
            }
        }

        public void RunAtShutdown()
        {
            if (cancelable?.IsCancellationRequested == true) return;
            try
            {
                action();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An actor that ended with the system cannot take the message: nothing to do.
            }
        }
    }
}
