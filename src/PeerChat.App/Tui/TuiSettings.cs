using System.Globalization;
using Akka.Configuration;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// The chat screen's own settings, read by the App from the same merged HOCON config as the node's
/// (<c>peerchat.tui.*</c>, <c>peerchat.log.*</c>, <c>peerchat.transcript.*</c>); the node ignores them.
/// </summary>
internal sealed record TuiSettings
{
    /// <summary>Lines the message log keeps in memory; older ones are dropped (the transcript keeps everything).</summary>
    public int MaxLogLines { get; init; } = 10_000;

    /// <summary>Characters of one message shown on screen; the rest is cut with "…" (the transcript has it all).</summary>
    public int MaxMessageChars { get; init; } = 2_000;

    /// <summary>Ring the terminal bell when a message mentions the user's name (at most once per batch of lines).</summary>
    public bool Bell { get; init; } = true;

    /// <summary>Where Akka's log goes while the screen is up: never onto the screen.</summary>
    public required string LogPath { get; init; }

    /// <summary>The chat transcript, or null for none.</summary>
    public string? TranscriptPath { get; init; }

    /// <param name="environment">For the default log directory: XDG_STATE_HOME, else HOME.</param>
    /// <exception cref="SettingsException">A value that cannot be used.</exception>
    public static TuiSettings Create(Config config, IReadOnlyDictionary<string, string> environment)
    {
        var c = ReferenceEquals(config, NodeSettings.DefaultConfig) ? config : config.WithFallback(NodeSettings.DefaultConfig);
        var log = String(c, "peerchat.log.path");
        var transcript = String(c, "peerchat.transcript.path");
        return new TuiSettings
        {
            MaxLogLines = Int(c, "peerchat.tui.max-log-lines", 100, 10_000_000),
            MaxMessageChars = Int(c, "peerchat.tui.max-message-chars", 80, 1 << 20),
            Bell = Switch(c, "peerchat.tui.bell"),
            LogPath = log.Length > 0 ? ExpandHome(log, environment) : DefaultLogPath(environment),
            TranscriptPath = transcript.Length > 0 ? ExpandHome(transcript, environment) : null,
        };
    }

    /// <summary><c>$XDG_STATE_HOME/peerchat/peerchat.log</c>, else <c>~/.local/state/peerchat/peerchat.log</c>.</summary>
    public static string DefaultLogPath(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue("XDG_STATE_HOME", out var state) && Path.IsPathRooted(state))
            return Path.Combine(state, "peerchat", "peerchat.log");
        return Path.Combine(Home(environment), ".local", "state", "peerchat", "peerchat.log");
    }

    private static string Home(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("HOME", out var home) && home.Length > 0
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string ExpandHome(string path, IReadOnlyDictionary<string, string> environment) =>
        path == "~" ? Home(environment)
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home(environment), path[2..])
        : path;

    private static string String(Config c, string key)
    {
        if (!c.HasPath(key)) return "";
        try
        {
            return (c.GetString(key) ?? "").Trim();
        }
        catch (Exception)
        {
            throw new SettingsException(key, "must be a file name in quotes, or \"\"");
        }
    }

    private static bool Switch(Config c, string key)
    {
        string s;
        try
        {
            s = (c.GetString(key) ?? "").Trim().ToLowerInvariant();
        }
        catch (Exception)
        {
            throw new SettingsException(key, "must be on or off");
        }
        return s switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new SettingsException(key, $"must be on or off, got '{s}'"),
        };
    }

    private static int Int(Config c, string key, int min, int max)
    {
        string s;
        try
        {
            s = (c.GetString(key) ?? "").Trim();
        }
        catch (Exception)
        {
            throw new SettingsException(key, $"must be a whole number from {min} to {max}");
        }
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new SettingsException(key, $"must be a whole number from {min} to {max}, got '{s}'");
    }
}
