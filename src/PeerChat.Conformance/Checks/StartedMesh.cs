using System.Globalization;
using System.Text.Json;
using PeerChat.Testing;

namespace PeerChat.Conformance.Checks;

/// <summary>
/// §5 played against a node the runner starts: it is told to join a raw bootstrap member, which lists two
/// more raw members in its who-reply; the node should then join those too. Each step waits for the one
/// before, so a check goes as far as it needs and a failure names the step the node missed.
/// </summary>
internal sealed class StartedMesh(CheckSession s)
{
    private const string Ip = "127.0.0.1";

    private readonly RawPeerListener _bootstrap = s.Listen();
    private readonly RawPeerListener[] _listed = [s.Listen(), s.Listen()];
    private StartedNode? _node;
    private RawMember? _first;

    public StartedNode Node => _node ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the node and returns the first frame it sends its bootstrap peer (should be its join).</summary>
    public async Task<JsonElement> FirstFrameAsync()
    {
        _node = s.StartNode(_bootstrap.Address);
        s.Record($"started: {_node.Command}");
        _first = await s.AcceptAsync(_bootstrap, s.StartTimeout, $"the started node to connect to {_bootstrap.Address} (its {{peer}})", _node);
        return await s.NextFrameAsync(_first, "a join from the started node");
    }

    /// <summary>Up to the node's join, then answers join-reply; returns the next frame of type who.</summary>
    public async Task<JsonElement> WhoAfterJoinReplyAsync()
    {
        var first = await FirstFrameAsync();
        if (Frames.TypeOf(first) != "join") throw new CheckFailedException("a join as the first line", first.GetRawText());
        await s.SendAsync(_first!, RawFrames.JoinReply("check-bootstrap", port: _bootstrap.Port.ToString(CultureInfo.InvariantCulture)));
        return await s.ExpectFrameAsync(_first!, "who", "a who after the join-reply");
    }

    /// <summary>
    /// Up to the who, answers a who-reply listing two more members, and waits for the node to join each
    /// of them (each answered with a join-reply). Returns all three members the node is then connected to.
    /// </summary>
    public async Task<RawMember[]> BuiltAsync()
    {
        await WhoAfterJoinReplyAsync();
        await s.SendAsync(_first!, RawFrames.WhoReply([.. _listed.Select(l => (Ip, l.Port.ToString(CultureInfo.InvariantCulture)))]));
        var members = new List<RawMember> { _first! };
        foreach (var listener in _listed)
        {
            var member = await s.AcceptAsync(listener, s.ReplyTimeout, $"the node to connect to {listener.Address}, listed in the who-reply", Node);
            await s.ExpectNextFrameAsync(member, "join", $"a join as the first line to {listener.Address}");
            await s.SendAsync(member, RawFrames.JoinReply(member.Name, port: member.PortText));
            members.Add(member);
        }
        return [.. members];
    }
}
