using PeerChat.Protocol;
using System.Globalization;
using System.Text;
using Akka.Configuration;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>The settings peerchat runs with: the whole merged config (for the ActorSystem) and the node's checked settings.</summary>
internal sealed record LoadedConfig(Config Config, NodeSettings Settings);

/// <summary>Either a <see cref="LoadedConfig"/> or one line telling the user what is wrong (printed as <c>peerchat: {Error}</c>).</summary>
internal sealed record ConfigResult(LoadedConfig? Loaded, string? Error)
{
    public static ConfigResult Ok(LoadedConfig loaded) => new(loaded, null);

    public static ConfigResult Fail(string error) => new(null, error);
}

/// <summary>
/// Builds the config from four HOCON layers, each overriding the ones below it (<c>WithFallback</c>):
/// <code>
/// command-line options      --name Bob               → peerchat.identity.name = "Bob"
/// environment variables     PEERCHAT_NAME=Bob        → peerchat.identity.name = "Bob"
/// --config FILE             the user's HOCON file
/// built-in defaults         NodeSettings.DefaultConfig (hocon/peerchat.conf, with its akka section)
/// </code>
/// Bootstrap peers are the exception: PEERCHAT_CONNECT and each --connect are added to the list
/// the file (or the defaults) configured, not put in its place.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>
    /// The environment layer, as the HOCON it stands for:
    /// <code>
    /// peerchat.identity.name = ${?PEERCHAT_NAME}
    /// peerchat.identity.age  = ${?PEERCHAT_AGE}
    /// peerchat.identity.zip  = ${?PEERCHAT_ZIP}
    /// peerchat.listen.host   = ${?PEERCHAT_HOST}
    /// peerchat.listen.port   = ${?PEERCHAT_PORT}
    /// peerchat.bootstrap    += ${?PEERCHAT_CONNECT}
    /// </code>
    /// That text cannot be handed to Akka.Configuration 1.5 itself: its parser never looks substitutions
    /// up in the environment, and an unresolved <c>${?VAR}</c> leaves the key present but empty (hiding
    /// the lower layers) and drops the keys after it. So the layer is built here with the same meaning:
    /// one quoted <c>key = "value"</c> line per variable that is set, no line at all for one that is not,
    /// so an unset variable lets the file and the defaults show through. An empty variable counts as unset.
    /// </summary>
    public static readonly IReadOnlyList<(string Variable, string Key)> EnvironmentKeys =
    [
        ("PEERCHAT_NAME", "peerchat.identity.name"),
        ("PEERCHAT_AGE", "peerchat.identity.age"),
        ("PEERCHAT_ZIP", "peerchat.identity.zip"),
        ("PEERCHAT_HOST", "peerchat.listen.host"),
        ("PEERCHAT_PORT", "peerchat.listen.port"),
    ];

    public const string ConnectVariable = "PEERCHAT_CONNECT";

    private static readonly TimeSpan ParseTimeLimit = TimeSpan.FromSeconds(5);

    // Every syntax error goes on the one line, up to this many.
    private const int MaxErrorsShown = 10;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The user's file as parsed, with the line each key was set on.</summary>
    private sealed record ConfigFile(Config Config, string? Label, IReadOnlyDictionary<string, int> KeyLines);

    /// <summary>Reads <c>--config</c> (if given), layers everything and checks it against <see cref="PeerchatSchema"/>.</summary>
    /// <param name="environment">The process environment (or a test's); only the PEERCHAT_* names are read.</param>
    public static ConfigResult Load(CommandLineOptions options, IReadOnlyDictionary<string, string> environment)
    {
        var file = new ConfigFile(ConfigurationFactory.Empty, null, new Dictionary<string, int>());
        if (options.ConfigFile is { } path)
        {
            var read = ReadFile(path);
            if (read.Error is not null) return ConfigResult.Fail(read.Error);
            var parsed = ParseFile(read.Text!, path);
            if (parsed.Error is not null) return ConfigResult.Fail(parsed.Error);
            file = parsed.File!;
        }

        var env = EnvironmentLayer(environment);
        var flags = FlagsLayer(options);

        var extraPeers = new List<string>();
        if (Variable(environment, ConnectVariable) is { } connect)
        {
            if (!HostPort.TryParse(connect, out _, out _, out var error))
                return ConfigResult.Fail($"config: {BootstrapList.Key}: {error} (from {ConnectVariable})");
            extraPeers.Add(connect.Trim());
        }
        extraPeers.AddRange(options.Connect);

        var merged = Layer(flags, env, file.Config, NodeSettings.DefaultConfig);
        if (ConfigCheck.Check(merged) is { } problems)
            return ConfigResult.Fail("config: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}{Source(p.Key, flags, env, file)}")));
        merged = BootstrapAsList(merged, extraPeers).WithFallback(merged);

        try
        {
            var settings = NodeSettings.Create(merged);
            return ConfigResult.Ok(new LoadedConfig(merged, settings));
        }
        catch (SettingsException e)
        {
            return ConfigResult.Fail($"config: {OneLine.Of(e.Message)}{Source(e.Key, flags, env, file)}");
        }
    }

    /// <summary>The HOCON layer for the PEERCHAT_* variables that are set (see <see cref="EnvironmentKeys"/>); bootstrap is added separately.</summary>
    public static Config EnvironmentLayer(IReadOnlyDictionary<string, string> environment)
    {
        var hocon = new StringBuilder();
        foreach (var (variable, key) in EnvironmentKeys)
            if (Variable(environment, variable) is { } value)
                hocon.Append(key).Append(" = ").Append(Quote(value)).Append('\n');
        return ParseTrusted(hocon.ToString());
    }

    /// <summary>The HOCON layer for the options given on the command line, every value a quoted string.</summary>
    public static Config FlagsLayer(CommandLineOptions options)
    {
        var hocon = new StringBuilder();
        void Set(string key, string? value)
        {
            if (value is not null) hocon.Append(key).Append(" = ").Append(Quote(value)).Append('\n');
        }
        Set("peerchat.identity.name", options.Name);
        Set("peerchat.identity.age", options.Age);
        Set("peerchat.identity.zip", options.Zip);
        Set("peerchat.listen.host", options.Host);
        Set("peerchat.listen.port", options.Port?.ToString(CultureInfo.InvariantCulture));
        Set("akka.loglevel", options.LogLevel);
        return ParseTrusted(hocon.ToString());
    }

    /// <summary>A HOCON quoted string holding exactly <paramref name="value"/>: quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string value)
    {
        var b = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (char.IsControl(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    /// <summary>Parses a user's HOCON text; <paramref name="label"/> (the file name) starts any error, which lists every syntax error found.</summary>
    public static (Config? Config, string? Error) Parse(string text, string label)
    {
        var (file, error) = ParseFile(text, label);
        return (file?.Config, error);
    }

    private static (ConfigFile? File, string? Error) ParseFile(string text, string label)
    {
        if (HoconSyntax.NotText(text) is { } binary) return (null, $"{label}: {binary}");
        var scan = HoconSyntax.Scan(text);
        if (scan.Errors.Count > 0) return (null, $"{label}: {string.Join("; ", scan.Errors.Take(MaxErrorsShown))}{More(scan.Errors.Count)}");
        // The scan above rules out the input known to make Akka's parser loop forever; this limit turns
        // any other into an error instead of a hang.
        var parsing = Task.Run(() => ConfigurationFactory.ParseString(scan.Text));
        try
        {
            if (!parsing.Wait(ParseTimeLimit)) return (null, $"{label}: the HOCON parser could not make sense of it (check brackets and quotes)");
            return (new ConfigFile(parsing.Result, label, scan.KeyLines), null);
        }
        catch (AggregateException e)
        {
            return (null, $"{label}: {ParserProblem(e.InnerException ?? e, text)}");
        }
    }

    /// <summary>Akka's parser says "Unknown token at position 11: …" (an index into the text): turned into a line number.</summary>
    private static string ParserProblem(Exception e, string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, @"^(.*?) at position (\d+)");
        if (!match.Success || !int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var position)) return OneLine.Of(e.Message);
        var line = 1 + text.AsSpan(0, Math.Min(position, text.Length)).Count('\n');
        return $"line {line}: {match.Groups[1].Value} (Akka's HOCON parser)";
    }

    private static string More(int errors) => errors > MaxErrorsShown ? $"; and {errors - MaxErrorsShown} more" : "";

    private static (string? Text, string? Error) ReadFile(string path)
    {
        try
        {
            var text = StrictUtf8.GetString(File.ReadAllBytes(path));
            return (text.StartsWith('\uFEFF') ? text[1..] : text, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, $"config file '{path}' is not UTF-8 text; is it the right file?");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, $"config file '{path}' not found");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, Directory.Exists(path) ? $"config file '{path}' is a directory" : $"config file '{path}' cannot be read: permission denied");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return (null, $"config file '{path}' cannot be read: {OneLine.Of(e.Message)}");
        }
    }

    private static Config Layer(params Config[] highestFirst)
    {
        var merged = ConfigurationFactory.Empty;
        foreach (var layer in highestFirst)
            if (!layer.IsEmpty) merged = merged.IsEmpty ? layer : merged.WithFallback(layer);
        return merged;
    }

    /// <summary>The configured bootstrap peers (a list, or one string) plus <paramref name="extra"/>, as a list layer.</summary>
    private static Config BootstrapAsList(Config merged, IReadOnlyList<string> extra)
    {
        var peers = BootstrapList.Read(merged).Select(p => p.Trim()).Concat(extra).Distinct(StringComparer.Ordinal).Select(Quote);
        return ParseTrusted($"{BootstrapList.Key} = [{string.Join(", ", peers)}]\n");
    }

    /// <summary>Where a bad value came from, so the user knows what to fix: " (from --port)", " (from PEERCHAT_PORT)", " (from x.conf, line 3)".</summary>
    private static string Source(string key, Config flags, Config env, ConfigFile file)
    {
        if (!flags.IsEmpty && flags.HasPath(key)) return $" (from --{key[(key.LastIndexOf('.') + 1)..]})";
        if (!env.IsEmpty && env.HasPath(key))
            return $" (from {EnvironmentKeys.First(k => k.Key == key).Variable})";
        if (file.Label is null || !HasPathSafe(file.Config, key)) return "";
        // The key's own line, else that of the section it was written inside as a whole (identity { … }).
        for (var path = key; path.Length > 0; path = path[..Math.Max(0, path.LastIndexOf('.'))])
            if (file.KeyLines.TryGetValue(path, out var line)) return $" (from {file.Label}, line {line})";
        return $" (from {file.Label})";
    }

    private static bool HasPathSafe(Config config, string key)
    {
        try { return config.HasPath(key); }
        catch (Exception) { return false; }
    }

    private static string? Variable(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>Parses HOCON this class generated (every value quoted), so it cannot fail on user input.</summary>
    private static Config ParseTrusted(string hocon) => hocon.Length == 0 ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(hocon);

}
