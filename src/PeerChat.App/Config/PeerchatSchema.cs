using static PeerChat.App.SettingType;

namespace PeerChat.App;

/// <summary>
/// Every key of the <c>peerchat</c> section, written once: <see cref="ConfigCheck"/> validates against it
/// and the README's configuration table is checked against it. The defaults live in
/// <c>hocon/peerchat.conf</c> (a test proves it has exactly these keys). The ranges are what the code can
/// really hold, each bound's reason beside it.
/// </summary>
internal static class PeerchatSchema
{
    private const long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
    private const long Second = 1000, Day = 86_400 * Second;

    // Every timer the node starts (Akka's scheduler, Task.Delay, socket timeouts) takes up to
    // int.MaxValue milliseconds (24.8 days); 24 days is the round bound below that.
    private const long LongestTimer = 24 * Day;

    // A line is decoded into one .NET string, which holds just under 1 GiB characters; the framer's own
    // buffer (Array.MaxLength) would allow twice that, so the string is the real bound.
    private const long LongestLine = 1023 * MiB;

    // Akka.IO counts a connection's queued bytes in an int: the limit plus one longest line must stay below 2 GiB.
    private const long LargestOutboundBuffer = 1 * GiB;

    // Linux caps TCP_KEEPIDLE and TCP_KEEPINTVL at 32767 s and TCP_KEEPCNT at 127; past them the
    // socket option is refused and keepalive would silently not apply.
    private const long LongestKeepAliveStep = 32_767 * Second;

    // A peer's handshake steps need time to cross a network: a TCP handshake that loses its first packet
    // alone takes 1 s to retry, and with a shorter limit a node on a busy machine refuses every peer.
    private const long ShortestHandshakeStep = 1 * Second;

    public static IReadOnlyList<SettingKey> Keys { get; } =
    [
        new("peerchat.identity.name", Text, 1, 0, "your name, shown to other peers"),
        new("peerchat.identity.age", Digits, 1, 9, "your age"),
        new("peerchat.identity.zip", Digits, 1, 10, "your zip code (a string keeps leading zeros)"),
        new("peerchat.listen.host", Text, 1, 0, "address to accept peers on; 0.0.0.0 = every IPv4 interface"),
        new("peerchat.listen.port", WholeNumber, 0, 65_535, "port to accept peers on; 0 picks a free one"),
        new("peerchat.bootstrap", Addresses, 0, 0, "members to join at start"),
        // 256 bytes: room for a join frame with a name of about 150 ASCII characters, the first line a node must read.
        new("peerchat.limits.max-line-length", Size, 256, LongestLine, "longer incoming lines are discarded"),
        new("peerchat.limits.max-name-length", WholeNumber, 1, 1 << 20, "longer peer names are cut to this many characters"),
        new("peerchat.limits.max-peers", WholeNumber, 1, 1_000_000, "members plus connections still joining"),
        new("peerchat.limits.max-pending-joins", WholeNumber, 1, 1_000_000, "inbound handshakes at once; surplus connections wait"),
        new("peerchat.limits.max-concurrent-dials", WholeNumber, 1, 10_000, "mesh joins dialled at once after a who-reply"),
        new("peerchat.limits.outbound-high-water", Size, 1 * KiB, LargestOutboundBuffer, "a member's unsent bytes above which our sending is paced"),
        new("peerchat.limits.max-outbound-buffer", Size, 4 * KiB, LargestOutboundBuffer, "a member's unsent bytes above which it is dropped as stalled"),
        // Each batch is at most one socket read (16 KiB): 4096 lets one peer run 64 MiB ahead of the screen.
        new("peerchat.limits.inbound-window", WholeNumber, 1, 4096, "chat batches a connection may run ahead of the front end before it stops reading"),
        // 1 ms asks on nearly every write. A quiet member's last lines are confirmed by the stall check only
        // once this has passed, and that check keeps waking until they are: 10 s keeps an idle node asleep.
        new("peerchat.limits.write-ack-interval", Duration, 1, 10 * Second, "how often at most a member's socket is asked to confirm our writes"),
        new("peerchat.timeouts.connect", Duration, ShortestHandshakeStep, LongestTimer, "TCP connect to a peer"),
        new("peerchat.timeouts.join-reply", Duration, ShortestHandshakeStep, LongestTimer, "from our join to its join-reply"),
        new("peerchat.timeouts.who-reply", Duration, ShortestHandshakeStep, LongestTimer, "from our who to its who-reply"),
        new("peerchat.timeouts.join", Duration, ShortestHandshakeStep, LongestTimer, "an inbound connection must send join within this"),
        new("peerchat.timeouts.stall", Duration, ShortestHandshakeStep, LongestTimer, "a member whose writes make no progress this long is dropped"),
        new("peerchat.timeouts.quit", Duration, 1, LongestTimer, "how long quitting waits for leave frames to flush"),
        new("peerchat.keepalive.enabled", Switch, 0, 0, "TCP keepalive on peer connections"),
        new("peerchat.keepalive.idle", Duration, Second, LongestKeepAliveStep, "silence before the first probe (whole seconds)"),
        new("peerchat.keepalive.interval", Duration, Second, LongestKeepAliveStep, "between probes (whole seconds)"),
        new("peerchat.keepalive.count", WholeNumber, 1, 127, "unanswered probes before the connection is dropped"),
        new("peerchat.mesh-repair.enabled", Switch, 0, 0, "now and then ask a member who and join anyone missing"),
        // Each round asks a member who: more often than once a second would only load the mesh.
        new("peerchat.mesh-repair.interval", Duration, Second, LongestTimer, "how often mesh repair asks"),
        new("peerchat.send.max-in-flight", WholeNumber, 1, 1_000_000, "local broadcasts not yet accepted by every member before the sender waits"),
        new("peerchat.tui.max-log-lines", WholeNumber, 100, 10_000_000, "lines the chat screen's log keeps in memory"),
        new("peerchat.tui.max-message-chars", WholeNumber, 80, 1 << 20, "characters of one message shown on screen"),
        new("peerchat.tui.bell", Switch, 0, 0, "ring the terminal bell when a message mentions your name"),
        new("peerchat.log.path", FilePath, 0, 0, "the chat screen's log file; \"\" = $XDG_STATE_HOME/peerchat/peerchat.log"),
        new("peerchat.transcript.path", FilePath, 0, 0, "the chat screen's transcript; \"\" = none"),
    ];

    private static readonly Dictionary<string, SettingKey> ByPath = Keys.ToDictionary(k => k.Path, StringComparer.Ordinal);

    /// <summary>Every object that holds keys: <c>peerchat</c>, <c>peerchat.identity</c>, <c>peerchat.limits</c>, …</summary>
    public static IReadOnlySet<string> Sections { get; } =
        Keys.SelectMany(k => Prefixes(k.Path)).ToHashSet(StringComparer.Ordinal);

    public static SettingKey? Find(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>The keys directly inside <paramref name="section"/>, short names, for a "known keys" hint.</summary>
    public static IEnumerable<string> Children(string section) =>
        Keys.Select(k => k.Path).Concat(Sections)
            .Where(p => p.StartsWith(section + ".", StringComparison.Ordinal) && p.IndexOf('.', section.Length + 1) < 0)
            .Select(p => p[(section.Length + 1)..])
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var dot = path.IndexOf('.'); dot > 0; dot = path.IndexOf('.', dot + 1))
            yield return path[..dot];
    }
}
