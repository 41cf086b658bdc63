using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PeerChat.Testing;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§4c, §4d: who is answered with every other member, n - 2 entries, each a plain ip and a listen port, as strings.</summary>
internal static class WhoChecks
{
    public static IEnumerable<ConformanceCheck> All =>
    [
        new("who.reply", "§4d", Must, "a who is answered with a who-reply holding a \"peers\" array", Reply),
        new("who.excludes-requester", "§4d", Must, "the who-reply does not list the member who asked", ExcludesRequester),
        new("who.n-minus-2", "§4d", Must, "it lists every other member once, not the asker, not the node itself (n - 2 entries)", NMinus2),
        new("who.strings", "§4d", Must, "every entry's ip and port are strings", Strings),
        new("who.listen-ports", "§4d", Profile, "an entry's port is the listen port the member advertised, not its connection's port", ListenPorts),
        new("who.plain-ipv4", "§4d", Profile, "an IPv4 member's ip is a plain dotted address (not ::ffff:a.b.c.d)", PlainIpv4),
        new("who.invalid-port-unlisted", "§4a", Profile, "a member that advertised an invalid port is not listed (nobody could reach it)", InvalidPortUnlisted),
    ];

    private static async Task Reply(CheckSession s) => await s.WhoAsync(await s.JoinAsync());

    private static async Task ExcludesRequester(CheckSession s)
    {
        var me = await s.JoinAsync();
        var reply = await s.WhoAsync(me);
        if (reply.Lists(me)) throw new CheckFailedException($"no entry for {me.Name} itself (port \"{me.Port}\")", reply.Raw);
    }

    /// <summary>
    /// n - 2 entries means each other member once, and neither the asker nor the node itself. Counted by
    /// identity, not by size: members of earlier checks may still be leaving while this one runs.
    /// </summary>
    private static async Task NMinus2(CheckSession s)
    {
        var (me, others) = await ThreeMembersAsync(s);
        var reply = await s.WhoAsync(me);
        var expected = $"{others[0].Name} and {others[1].Name} once each, not {me.Name} (who asked), not the node itself (port \"{s.TargetPort}\")";
        var wrong = new List<string>();
        if (reply.Lists(me)) wrong.Add($"{me.Name} listed");
        if (reply.EntriesFor(s.TargetPort).Any(e => Frames.Text(e, "ip") == s.TargetHost)) wrong.Add("the node itself listed");
        wrong.AddRange(others.Where(o => reply.EntriesFor(o).Count > 1).Select(o => $"{o.Name} listed {reply.EntriesFor(o).Count} times"));
        if (wrong.Count > 0) throw new CheckFailedException(expected, $"{reply.Raw} ({string.Join(", ", wrong)})");
    }

    private static async Task Strings(CheckSession s)
    {
        var (me, _) = await ThreeMembersAsync(s);
        var reply = await s.WhoAsync(me);
        var wrong = reply.Peers.SelectMany(p => Frames.NotStrings(p, "ip", "port")).Distinct().ToArray();
        if (wrong.Length > 0) throw new CheckFailedException("\"ip\" and \"port\" as JSON strings in every entry", $"{reply.Raw} ({string.Join(", ", wrong)})");
    }

    private static async Task ListenPorts(CheckSession s)
    {
        var (me, others) = await ThreeMembersAsync(s);
        var reply = await s.WhoAsync(me);
        var missing = others.Where(o => reply.EntriesFor(o.Port).Count == 0).ToArray();
        if (missing.Length > 0)
            throw new CheckFailedException($"entries with ports {string.Join(" and ", missing.Select(m => $"\"{m.Port}\""))} (advertised in {string.Join(" and ", missing.Select(m => m.Name))}'s join; their connections' ports are {string.Join(" and ", missing.Select(m => m.Peer.LocalPort))})", reply.Raw);
    }

    private static async Task PlainIpv4(CheckSession s)
    {
        var (me, others) = await ThreeMembersAsync(s);
        var reply = await s.WhoAsync(me);
        var ips = others.SelectMany(reply.EntriesFor).Select(e => Frames.Text(e, "ip") ?? "").ToArray();
        if (ips.Length == 0) throw new CheckFailedException($"entries for {string.Join(" and ", others.Select(o => o.Name))} to read their ip from", reply.Raw);
        if (ips.FirstOrDefault(ip => !IsPlainIpv4(ip)) is { } odd)
            throw new CheckFailedException($"a dotted IPv4 address like \"{others[0].Peer.LocalEndPoint.Address}\"", $"\"{odd}\" in {reply.Raw}");
    }

    private static async Task InvalidPortUnlisted(CheckSession s)
    {
        var me = await s.JoinAsync();
        var before = (await s.WhoAsync(me)).Peers.Select(p => p.GetRawText()).ToHashSet();
        var bad = await s.ConnectAsync();
        await s.SendAsync(bad, RawFrames.Join(bad.Name, port: "not-a-port"));
        await s.ExpectFrameAsync(bad, "join-reply", "a join-reply (the connection is accepted regardless)");
        // A probe member joining after the bad one: once it is listed, the bad one's join was handled too.
        var probe = await s.JoinAsync();
        var reply = await s.WhoUntilAsync(me, r => r.Lists(probe), $"{probe.Name} listed");
        var added = reply.Peers.Where(p => !before.Contains(p.GetRawText())).ToArray();
        if (added.Length != 1)
            throw new CheckFailedException($"one new entry, {probe.Name}'s (not {bad.Name}, whose port was \"not-a-port\")", $"{added.Length} new: {reply.Raw}");
    }

    /// <summary>The asker and two other members, once the asker's who-reply lists both (each member's join may be handled on its own).</summary>
    private static async Task<(RawMember Me, RawMember[] Others)> ThreeMembersAsync(CheckSession s)
    {
        var me = await s.JoinAsync();
        RawMember[] others = [await s.JoinAsync(), await s.JoinAsync()];
        await s.WhoUntilAsync(me, r => others.All(r.Lists), $"entries for {others[0].Name} and {others[1].Name}, who joined");
        return (me, others);
    }

    private static bool IsPlainIpv4(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork && ip.Count(c => c == '.') == 3;
}
