using Akka.Event;

namespace PeerChat.Node;

/// <summary>
/// Akka log events that peerchat's loggers leave out because the user hears of the problem another
/// way. Checked by the loggers themselves: a <c>LogFilterSetup</c> would need the ActorSystem created
/// from a setup, and that overload reads the process's <c>app.config</c> first (about 35 ms and 6 MiB
/// of start, docs/performance.md).
/// </summary>
public static class LogNoise
{
    /// <summary>A port in use is reported once, from <see cref="ListenFailed"/>; Akka.IO would also log it with a stack trace.</summary>
    public static bool IsNoise(LogEvent e) =>
        e.Message?.ToString()?.Contains("Bind failed for TCP channel", StringComparison.Ordinal) == true;
}
