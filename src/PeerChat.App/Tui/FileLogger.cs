using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// Akka's log while the chat screen is up: appended to <c>peerchat.log.path</c> (resolved by
/// <see cref="TuiSession"/>), one line per event, flushed per line. Anything written to the
/// terminal would tear the screen, so this logger never does, even when the file cannot be written.
/// Configured by the session as <c>akka.loggers = ["PeerChat.App.Tui.FileLogger, peerchat"]</c>.
/// </summary>
internal sealed class FileLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public const string TypeName = "PeerChat.App.Tui.FileLogger, peerchat";
    public const string PathKey = "peerchat.log.path";

    private AppendFile? _file;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                _file = Open(Context.System.Settings.Config.GetString(PathKey, ""));
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                if (_file is not null && !LogNoise.IsNoise(e))
                {
                    try
                    {
                        _file.WriteLine(Format(e));
                    }
                    catch (IOException)
                    {
                        // a full disk must not take the chat down
                    }
                }
                return true;
            default:
                return false;
        }
    }

    protected override void PostStop() => _file?.Dispose();

    /// <summary>Opens <paramref name="path"/> for appending, creating its directory; null when it cannot (the session checked first).</summary>
    public static AppendFile? Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        try
        {
            return AppendFile.Open(path);
        }
        catch (Exception e) when (AppendFile.IsFileProblem(e))
        {
            return null;
        }
    }

    /// <summary>The one-line reason <paramref name="path"/> cannot be the log file, or null when it can.</summary>
    public static string? Check(string path)
    {
        try
        {
            using var file = AppendFile.Open(path);
            return null;
        }
        catch (Exception e) when (AppendFile.IsFileProblem(e))
        {
            return $"cannot write the log file '{path}': {e.Message.ReplaceLineEndings(" ")} (set peerchat.log.path)";
        }
    }

    private static readonly int ProcessId = Environment.ProcessId;

    /// <summary>
    /// Like the headless stderr log: level, time, source, message, and a cause as one line (no stack
    /// trace); with the process id, since several peerchat processes may share the file.
    /// </summary>
    public static string Format(LogEvent e)
    {
        var line = $"[{e.LogLevel().ToString().Replace("Level", "").ToUpperInvariant()}] {e.Timestamp:yyyy-MM-dd HH:mm:ss.fff} pid {ProcessId} {e.LogSource}: {e.Message}";
        line = e.Cause is { } cause ? $"{line} ({cause.GetType().Name}: {cause.Message})" : line;
        return TextSafety.Inert(line.ReplaceLineEndings(" "), 8192);
    }
}
