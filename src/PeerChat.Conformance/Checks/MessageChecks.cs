using PeerChat.Testing;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§4f: chat lines both ways. Into a node the runner started, and out of it (typed on its standard input).</summary>
internal static class MessageChecks
{
    /// <summary>Quotes, a backslash, an escaped newline, accents and an emoji: what JSON escaping must carry.</summary>
    private const string Awkward = "\"quoted\" back\\slash\nnew line, é, 🍜";

    public static IEnumerable<ConformanceCheck> All =>
    [
        new("message.accepted", "§4f", Must, "a message (escapes, accents, emoji) is taken without closing the connection", Accepted),
        new("message.to-node", "§4f", Must, "a message from a member reaches the started node's user (its standard output)", ToNode) { NeedsStart = true },
        new("message.from-node", "§5", Must, "a line typed into the started node goes to every member as a message", FromNode) { NeedsStart = true },
    ];

    private static async Task Accepted(CheckSession s)
    {
        var me = await s.JoinAsync();
        await s.SendAsync(me, RawFrames.Message(Awkward));
        await s.WhoAsync(me);
    }

    private static async Task ToNode(CheckSession s)
    {
        var mesh = new StartedMesh(s);
        var members = await mesh.BuiltAsync();
        var text = $"hello from {members[1].Name}, {Guid.NewGuid():N}";
        await s.SendAsync(members[1], RawFrames.Message(text));
        await mesh.Node.ExpectOutputAsync(text, s.ReplyTimeout, $"\"{text}\" on the node's standard output");
    }

    private static async Task FromNode(CheckSession s)
    {
        var mesh = new StartedMesh(s);
        var members = await mesh.BuiltAsync();
        var text = $"typed into the node, {Guid.NewGuid():N}";
        s.Record($"node's standard input → {text}");
        await mesh.Node.TypeAsync(text);
        foreach (var member in members)
        {
            var frame = await s.ExpectFrameAsync(member, "message", $"a message \"{text}\" to {member.Name}");
            if (Frames.Text(frame, "message") != text) throw new CheckFailedException($"a message \"{text}\" to {member.Name}", frame.GetRawText());
        }
    }
}
