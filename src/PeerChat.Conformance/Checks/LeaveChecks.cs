using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§4e, §5: a member that says leave, or just goes, is gone from the node's who-replies.</summary>
internal static class LeaveChecks
{
    public static IEnumerable<ConformanceCheck> All =>
    [
        new("leave.removed", "§4e", Must, "a member that sent leave is no longer listed", Removed),
        new("leave.closes", "§5", Must, "the node closes the connection of a member that sent leave", Closes),
        new("leave.abrupt-close", "§4e", Profile, "a member whose connection closed without leave is no longer listed", AbruptClose),
        new("leave.reset", "§4e", Profile, "a member whose connection was reset is no longer listed", Reset),
    ];

    private static async Task Removed(CheckSession s)
    {
        var (me, gone) = await TwoMembersAsync(s);
        await s.SendAsync(gone, PeerChat.Testing.RawFrames.Leave);
        await Gone(s, me, gone, "sent leave");
    }

    private static async Task Closes(CheckSession s)
    {
        var gone = await s.JoinAsync();
        await s.SendAsync(gone, PeerChat.Testing.RawFrames.Leave);
        if (!await gone.Peer.ClosedByNodeAsync(s.ReplyTimeout))
            throw new CheckFailedException($"the node to close {gone.Name}'s connection", $"still open after {s.ReplyTimeout.TotalSeconds:0.#} s");
    }

    private static async Task AbruptClose(CheckSession s)
    {
        var (me, gone) = await TwoMembersAsync(s);
        s.Record($"{gone.Name} closes its connection (FIN, no leave)");
        gone.Peer.Close();
        await Gone(s, me, gone, "closed its connection");
    }

    private static async Task Reset(CheckSession s)
    {
        var (me, gone) = await TwoMembersAsync(s);
        s.Record($"{gone.Name} resets its connection (RST, no leave)");
        gone.Peer.Abort();
        await Gone(s, me, gone, "reset its connection");
    }

    /// <summary>Two members, once the first one's who-reply lists the second (the one about to go).</summary>
    private static async Task<(RawMember Me, RawMember Gone)> TwoMembersAsync(CheckSession s)
    {
        var me = await s.JoinAsync();
        var gone = await s.JoinAsync();
        await s.WhoUntilAsync(me, r => r.Lists(gone), $"an entry for {gone.Name} once it joined");
        return (me, gone);
    }

    private static Task<WhoReply> Gone(CheckSession s, RawMember me, RawMember gone, string how) =>
        s.WhoUntilAsync(me, r => !r.Lists(gone), $"no entry for {gone.Name} once it {how}");
}
