using System.Globalization;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§5: the node under test, told to join a network, joins, asks who, and joins everyone listed.</summary>
internal static class MeshChecks
{
    private static readonly string[] Fields = ["name", "age", "zip", "port"];

    public static IEnumerable<ConformanceCheck> All =>
    [
        new("mesh.join-first", "§5", Must, "the started node connects to its bootstrap peer and sends join first", JoinFirst) { NeedsStart = true },
        new("mesh.join-fields", "§4a", Must, "its join has name, age, zip and port as strings, port the one it listens on", JoinFields) { NeedsStart = true },
        new("mesh.who", "§5", Must, "after the join-reply it asks who", Who) { NeedsStart = true },
        new("mesh.joins-listed", "§5", Must, "it connects to and joins every peer the who-reply lists", JoinsListed) { NeedsStart = true },
    ];

    private static async Task JoinFirst(CheckSession s)
    {
        var first = await new StartedMesh(s).FirstFrameAsync();
        if (Frames.TypeOf(first) != "join") throw new CheckFailedException("a join as the first line", first.GetRawText());
    }

    private static async Task JoinFields(CheckSession s)
    {
        var mesh = new StartedMesh(s);
        var join = await mesh.FirstFrameAsync();
        var wrong = Frames.NotStrings(join, Fields);
        if (wrong.Count > 0) throw new CheckFailedException("name, age, zip and port as JSON strings", $"{join.GetRawText()} ({string.Join(", ", wrong)})");
        var port = mesh.Node.Port.ToString(CultureInfo.InvariantCulture);
        if (Frames.Text(join, "port") != port) throw new CheckFailedException($"\"port\": \"{port}\", the {{port}} it was started with", join.GetRawText());
    }

    private static async Task Who(CheckSession s) => await new StartedMesh(s).WhoAfterJoinReplyAsync();

    private static async Task JoinsListed(CheckSession s) => await new StartedMesh(s).BuiltAsync();
}
