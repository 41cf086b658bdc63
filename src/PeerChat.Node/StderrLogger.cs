using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace PeerChat.Node;

/// <summary>
/// Akka's log, on standard error: standard output belongs to the headless event stream and the
/// terminal to the TUI. Configured by <c>akka.loggers</c> in peerchat.conf.
/// </summary>
public sealed class StderrLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                Console.Error.WriteLine(e.ToString());
                return true;
            default:
                return false;
        }
    }
}
