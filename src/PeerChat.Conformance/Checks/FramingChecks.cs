using System.Text;
using PeerChat.Testing;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§2: one JSON object per line, either line end, however TCP cuts or packs the bytes.</summary>
internal static class FramingChecks
{
    public static IEnumerable<ConformanceCheck> All =>
    [
        new("framing.split-line", "§2", Must, "a join sent one byte per write (a UTF-8 name cut mid-character) gets its join-reply", SplitLine),
        new("framing.crlf", "§2", Must, "lines ending in \\r\\n are read like lines ending in \\n", Crlf),
        new("framing.many-per-read", "§2", Must, "a join and a who in one write get a join-reply, then a who-reply", ManyPerRead),
    ];

    private static async Task SplitLine(CheckSession s)
    {
        var me = await s.ConnectAsync();
        await s.SendSplitAsync(me, RawFrames.Join("Zoë 🍜", port: me.PortText), 1);
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply once the last byte of the join arrived");
    }

    private static async Task Crlf(CheckSession s)
    {
        var me = await s.ConnectAsync();
        var join = RawFrames.Join(me.Name, port: me.PortText);
        await s.SendRawAsync(me, Encoding.UTF8.GetBytes(join + "\r\n"), join + "\\r\\n");
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply to a join ending in \\r\\n");
        await s.SendRawAsync(me, Encoding.UTF8.GetBytes(RawFrames.Who + "\r\n"), RawFrames.Who + "\\r\\n");
        await s.ExpectFrameAsync(me, "who-reply", "a who-reply to a who ending in \\r\\n");
    }

    private static async Task ManyPerRead(CheckSession s)
    {
        var me = await s.ConnectAsync();
        var join = RawFrames.Join(me.Name, port: me.PortText);
        await s.SendRawAsync(me, Encoding.UTF8.GetBytes($"{join}\n{RawFrames.Who}\n"), $"{join}\\n{RawFrames.Who}\\n  (one write)");
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply to the first line of the write");
        await s.ExpectFrameAsync(me, "who-reply", "a who-reply to the second line of the same write");
    }
}
