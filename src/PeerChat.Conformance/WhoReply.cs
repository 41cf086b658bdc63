using System.Text.Json;

namespace PeerChat.Conformance;

/// <summary>A who-reply as the node wrote it: the frame and its <c>peers</c> entries.</summary>
public sealed record WhoReply(JsonElement Frame, IReadOnlyList<JsonElement> Peers)
{
    public string Raw => Frame.GetRawText();

    /// <summary>The entries whose <c>port</c> is <paramref name="port"/>, written as a string or as a number.</summary>
    public IReadOnlyList<JsonElement> EntriesFor(int port) =>
        [.. Peers.Where(p => Frames.Text(p, "port") == port.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// The entries for <paramref name="member"/>: those with its advertised port or, for a node that lists
    /// connection ports (a profile check of its own), its connection's port. Either is unique among live sockets.
    /// </summary>
    public IReadOnlyList<JsonElement> EntriesFor(RawMember member) => [.. EntriesFor(member.Port), .. EntriesFor(member.Peer.LocalPort)];

    public bool Lists(RawMember member) => EntriesFor(member).Count > 0;
}
