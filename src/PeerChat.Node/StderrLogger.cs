using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace PeerChat.Node;

/// <summary>
/// Akka's log, on standard error: standard output belongs to the headless event stream and the
/// terminal to the TUI. Configured by <c>akka.loggers</c> in peerchat.conf.
/// </summary>
internal sealed class StderrLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                if (!LogNoise.IsNoise(e)) Console.Error.WriteLine(Format(e));
                return true;
            default:
                return false;
        }
    }

    /// <summary>One line per event: a person reads this, so causes are named, not dumped as stack traces.</summary>
    private static string Format(LogEvent e)
    {
        var line = $"[{e.LogLevel().ToString().Replace("Level", "").ToUpperInvariant()}] {e.Timestamp:HH:mm:ss.fff} {e.LogSource}: {e.Message}";
        return e.Cause is { } cause ? $"{line} ({cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")})" : line.ReplaceLineEndings(" ");
    }
}
