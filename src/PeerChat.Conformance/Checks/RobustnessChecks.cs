using System.Text;
using PeerChat.Testing;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§2, §3: what is not a message of this version is ignored, silently, and the connection goes on.</summary>
internal static class RobustnessChecks
{
    /// <summary>Twice the profile's default line limit (1 MiB).</summary>
    private const int OversizedBytes = 2 * 1024 * 1024;

    public static IEnumerable<ConformanceCheck> All =>
    [
        new("robust.unknown-type", "§3", Must, "a frame of an unknown type is ignored: no reply, the connection stays open", UnknownType),
        new("robust.garbage", "§2", Must, "a line that is not JSON is ignored: no reply, the connection stays open", Garbage),
        new("robust.not-an-object", "§2", Must, "JSON that is not a typed object (an array, a string, no type, a numeric type) is ignored", NotAnObject),
        new("robust.before-join", "§5", Profile, "frames before the join are ignored; the join-reply is still the first line", BeforeJoin),
        new("robust.second-join", "§5", Profile, "a second join on a joined connection gets no reply", SecondJoin),
        new("robust.oversized-line", "§2", Profile, "a 2 MiB line leaves the connection usable", OversizedLine),
    ];

    private static Task UnknownType(CheckSession s) => IgnoredAsync(s, RawFrames.Of(new { type = "dance", steps = "3" }));

    private static Task Garbage(CheckSession s) => IgnoredAsync(s, "this is not JSON {\"type\":");

    private static Task NotAnObject(CheckSession s) =>
        IgnoredAsync(s, """["join","who"]""", "\"who\"", """{"name":"no type"}""", """{"type":7}""");

    private static async Task BeforeJoin(CheckSession s)
    {
        var me = await s.ConnectAsync();
        await s.SendAsync(me, RawFrames.Who);
        await s.SendAsync(me, RawFrames.Message("before joining"));
        await s.SendAsync(me, RawFrames.Join(me.Name, port: me.PortText));
        await s.ExpectNextFrameAsync(me, "join-reply", "the join-reply as the first line (nothing for the who sent before the join)");
    }

    private static async Task SecondJoin(CheckSession s)
    {
        var me = await s.JoinAsync();
        await s.SendAsync(me, RawFrames.Join(me.Name, port: me.PortText));
        await s.SendAsync(me, RawFrames.Who);
        await s.ExpectNextFrameAsync(me, "who-reply", "the who-reply as the next line (no second join-reply)");
    }

    private static async Task OversizedLine(CheckSession s)
    {
        var me = await s.JoinAsync();
        var line = RawFrames.Message(new string('x', OversizedBytes));
        await s.SendRawAsync(me, Encoding.UTF8.GetBytes(line + "\n"), line);
        await s.SendAsync(me, RawFrames.Who);
        await s.ExpectNextFrameAsync(me, "who-reply", "a who-reply to the who after the long line");
    }

    /// <summary>A member sends <paramref name="lines"/>, then who: the who-reply must be the next line.</summary>
    private static async Task IgnoredAsync(CheckSession s, params string[] lines)
    {
        var me = await s.JoinAsync();
        foreach (var line in lines) await s.SendAsync(me, line);
        await s.SendAsync(me, RawFrames.Who);
        await s.ExpectNextFrameAsync(me, "who-reply", "a who-reply as the next line (nothing for the ignored lines)");
    }
}
