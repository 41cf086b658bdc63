using PeerChat.Protocol;
using System.Globalization;
using System.Reflection;
using Akka.Configuration;

namespace PeerChat.Node;

/// <summary>A setting that cannot be used, named by its full HOCON path so the user can find it.</summary>
public sealed class SettingsException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}

/// <summary>Everything a node needs, read once from the <c>peerchat</c> section of the HOCON config.</summary>
public sealed record NodeSettings
{
    public required string Name { get; init; }
    public required string Age { get; init; }
    public required string Zip { get; init; }
    public required string ListenHost { get; init; }
    public required int ListenPort { get; init; }
    public IReadOnlyList<string> Bootstrap { get; init; } = [];

    public int MaxLineLength { get; init; } = 1 << 20;
    public int MaxNameLength { get; init; } = 256;
    public int MaxPeers { get; init; } = 1024;
    public int MaxPendingJoins { get; init; } = 64;
    public int MaxConcurrentDials { get; init; } = 16;
    public int OutboundHighWater { get; init; } = 256 * 1024;
    public int MaxOutboundBuffer { get; init; } = 16 << 20;
    public int InboundWindow { get; init; } = 4;
    public TimeSpan WriteAckInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Set by a front end that confirms every <see cref="MessagesReceived"/> it shows: each connection
    /// then reads at most <see cref="InboundWindow"/> batches ahead of it. Not a HOCON key.
    /// </summary>
    public bool Paced { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan JoinReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WhoReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan QuitTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxSendsInFlight { get; init; } = 8;

    public bool KeepAlive { get; init; } = true;
    public TimeSpan KeepAliveIdle { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);
    public int KeepAliveCount { get; init; } = 4;

    public bool MeshRepair { get; init; } = true;
    public TimeSpan MeshRepairInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The built-in defaults: <c>hocon/peerchat.conf</c>, embedded at build time.</summary>
    public static Config DefaultConfig { get; } = LoadDefaults();

    private static Config LoadDefaults()
    {
        using var stream = typeof(NodeSettings).Assembly.GetManifestResourceStream("PeerChat.Node.peerchat.conf")
            ?? throw new InvalidOperationException("the embedded peerchat.conf is missing from the build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>Reads and checks every <c>peerchat.*</c> key; unset keys fall back to the built-in defaults.</summary>
    /// <exception cref="SettingsException">A value that is missing, of the wrong kind or out of range.</exception>
    public static NodeSettings Create(Config config)
    {
        var c = ReferenceEquals(config, DefaultConfig) ? config : config.WithFallback(DefaultConfig);
        return new NodeSettings
        {
            Name = NonEmpty(c, "peerchat.identity.name"),
            Age = Digits(c, "peerchat.identity.age", maxLength: 9),
            Zip = Digits(c, "peerchat.identity.zip", maxLength: 10),
            ListenHost = NonEmpty(c, "peerchat.listen.host"),
            ListenPort = Int(c, "peerchat.listen.port", 0, 65535),
            Bootstrap = ReadBootstrap(c, "peerchat.bootstrap"),
            MaxLineLength = Bytes(c, "peerchat.limits.max-line-length", 64),
            MaxNameLength = Int(c, "peerchat.limits.max-name-length", 1, 1 << 20),
            MaxPeers = Int(c, "peerchat.limits.max-peers", 1, 1_000_000),
            MaxPendingJoins = Int(c, "peerchat.limits.max-pending-joins", 1, 1_000_000),
            MaxConcurrentDials = Int(c, "peerchat.limits.max-concurrent-dials", 1, 10_000),
            OutboundHighWater = Bytes(c, "peerchat.limits.outbound-high-water", 1024),
            MaxOutboundBuffer = Bytes(c, "peerchat.limits.max-outbound-buffer", 4096),
            InboundWindow = Int(c, "peerchat.limits.inbound-window", 1, 1_000_000),
            WriteAckInterval = Duration(c, "peerchat.limits.write-ack-interval"),
            ConnectTimeout = Duration(c, "peerchat.timeouts.connect"),
            JoinReplyTimeout = Duration(c, "peerchat.timeouts.join-reply"),
            WhoReplyTimeout = Duration(c, "peerchat.timeouts.who-reply"),
            JoinTimeout = Duration(c, "peerchat.timeouts.join"),
            StallTimeout = Duration(c, "peerchat.timeouts.stall"),
            QuitTimeout = Duration(c, "peerchat.timeouts.quit"),
            MaxSendsInFlight = Int(c, "peerchat.send.max-in-flight", 1, 1_000_000),
            KeepAlive = Bool(c, "peerchat.keepalive.enabled"),
            KeepAliveIdle = Duration(c, "peerchat.keepalive.idle"),
            KeepAliveInterval = Duration(c, "peerchat.keepalive.interval"),
            KeepAliveCount = Int(c, "peerchat.keepalive.count", 1, 127),
            MeshRepair = Bool(c, "peerchat.mesh-repair.enabled"),
            MeshRepairInterval = Duration(c, "peerchat.mesh-repair.interval"),
        }.Checked();
    }

    private NodeSettings Checked()
    {
        if (MaxOutboundBuffer < OutboundHighWater)
            throw new SettingsException("peerchat.limits.max-outbound-buffer", "must be at least peerchat.limits.outbound-high-water");
        return this;
    }

    private static string Raw(Config c, string key)
    {
        if (!c.HasPath(key)) throw new SettingsException(key, "is missing");
        try
        {
            return c.GetString(key) ?? throw new SettingsException(key, "is missing");
        }
        catch (Exception e) when (e is not SettingsException)
        {
            throw new SettingsException(key, "must be a single value, not an object or a list");
        }
    }

    private static string NonEmpty(Config c, string key)
    {
        var s = Raw(c, key).Trim();
        return s.Length > 0 ? s : throw new SettingsException(key, "must not be empty");
    }

    private static string Digits(Config c, string key, int maxLength)
    {
        var s = Raw(c, key).Trim();
        return s.Length is > 0 && s.Length <= maxLength && s.All(char.IsAsciiDigit)
            ? s
            : throw new SettingsException(key, $"must be digits only (1 to {maxLength}), got '{s}'");
    }

    private static bool Bool(Config c, string key)
    {
        var s = Raw(c, key).Trim().ToLowerInvariant();
        return s switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new SettingsException(key, $"must be on or off, got '{s}'"),
        };
    }

    private static int Int(Config c, string key, int min, int max)
    {
        var s = Raw(c, key).Trim();
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new SettingsException(key, $"must be a whole number from {min} to {max}, got '{s}'");
    }

    private static int Bytes(Config c, string key, int min)
    {
        long? v;
        try { v = c.GetByteSize(key); }
        catch (Exception) { v = null; }
        return v is { } n && n >= min && n <= int.MaxValue
            ? (int)n
            : throw new SettingsException(key, $"must be a size like 1 MiB or 65536 (at least {min} bytes), got '{Raw(c, key)}'");
    }

    private static TimeSpan Duration(Config c, string key)
    {
        TimeSpan v;
        try { v = c.GetTimeSpan(key, allowInfinite: false); }
        catch (Exception) { throw new SettingsException(key, $"must be a duration like 5s or 500ms, got '{Raw(c, key)}'"); }
        return v > TimeSpan.Zero ? v : throw new SettingsException(key, "must be longer than zero");
    }

    private static string[] ReadBootstrap(Config c, string key)
    {
        if (!c.HasPath(key)) return [];
        IList<string> list;
        try { list = c.GetStringList(key); }
        catch (Exception) { throw new SettingsException(key, "must be a list of \"HOST:PORT\" strings"); }
        foreach (var entry in list)
            if (!HostPort.TryParse(entry, out _, out _, out var error))
                throw new SettingsException(key, error);
        return list.ToArray();
    }
}
