using PeerChat.Testing;
using static PeerChat.Conformance.CheckLevel;

namespace PeerChat.Conformance.Checks;

/// <summary>§4a, §4b, §3: a join is always answered by a join-reply carrying the node's own details, numbers as strings.</summary>
internal static class JoinChecks
{
    private static readonly string[] ProfileFields = ["name", "age", "zip", "port"];
    private static readonly string[] NumberFields = ["age", "zip", "port"];

    public static IEnumerable<ConformanceCheck> All =>
    [
        new("join.reply", "§4b", Must, "a join is answered with a join-reply", Reply),
        new("join.reply-first", "§4b", Profile, "the join-reply is the first line the node writes on the connection", ReplyFirst),
        new("join.reply-fields", "§4b", Must, "the join-reply has name, age, zip and port", ReplyFields),
        new("join.reply-strings", "§3", Must, "the join-reply sends its numbers (age, zip, port) as strings", ReplyStrings),
        new("join.reply-port", "§4a", Must, "the join-reply's port is the port the node listens on", ReplyPort),
        new("join.invalid-data", "§4a", Must, "a join with invalid name, age, zip and port is still accepted", InvalidData),
        new("join.numbers-accepted", "§3", Profile, "a join with JSON numbers (as the spec author's Java peer sends) is accepted and listed", NumbersAccepted),
        new("join.type-last", "§3", Profile, "a join whose \"type\" comes last is read as a join", TypeLast),
    ];

    private static async Task Reply(CheckSession s) => await s.JoinAsync();

    private static async Task ReplyFirst(CheckSession s)
    {
        var me = await s.ConnectAsync();
        await s.SendAsync(me, RawFrames.Join(me.Name, port: me.PortText));
        await s.ExpectNextFrameAsync(me, "join-reply", "a join-reply as the very first line");
    }

    private static async Task ReplyFields(CheckSession s)
    {
        var reply = await JoinReplyAsync(s);
        var missing = ProfileFields.Where(f => !reply.TryGetProperty(f, out _)).ToArray();
        if (missing.Length > 0) throw new CheckFailedException("a join-reply with name, age, zip and port", $"{reply.GetRawText()} (no {string.Join(", no ", missing)})");
    }

    private static async Task ReplyStrings(CheckSession s)
    {
        var reply = await JoinReplyAsync(s);
        var wrong = Frames.NotStrings(reply, NumberFields);
        if (wrong.Count > 0) throw new CheckFailedException("\"age\", \"zip\" and \"port\" as JSON strings", $"{reply.GetRawText()} ({string.Join(", ", wrong)})");
    }

    private static async Task ReplyPort(CheckSession s)
    {
        var reply = await JoinReplyAsync(s);
        var port = Frames.Text(reply, "port");
        if (port != s.TargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new CheckFailedException($"\"port\": \"{s.TargetPort}\", the port this runner connected to", reply.GetRawText());
    }

    private static async Task InvalidData(CheckSession s)
    {
        var me = await s.ConnectAsync();
        await s.SendAsync(me, RawFrames.Join("", "old", "n/a", "not-a-port"));
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply all the same (the node fills in invalid data)");
        await s.WhoAsync(me);
    }

    private static async Task NumbersAccepted(CheckSession s)
    {
        var asker = await s.JoinAsync();
        var me = await s.ConnectAsync();
        await s.SendAsync(me, $$"""{"type":"join","name":"{{me.Name}}","age":30,"zip":12345,"port":{{me.Port}}}""");
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply to a join with JSON numbers");
        await s.WhoUntilAsync(asker, r => r.Lists(me), $"{asker.Name}'s who-reply to list {me.Name} with port \"{me.Port}\"");
    }

    private static async Task TypeLast(CheckSession s)
    {
        var me = await s.ConnectAsync();
        await s.SendAsync(me, $$"""{"name":"{{me.Name}}","age":"30","zip":"12345","port":"{{me.Port}}","type":"join"}""");
        await s.ExpectFrameAsync(me, "join-reply", "a join-reply to a join with \"type\" last");
    }

    private static async Task<System.Text.Json.JsonElement> JoinReplyAsync(CheckSession s) => (await s.JoinAsync()).JoinReply;
}
