using System.Globalization;
using PeerChat.Testing;

namespace PeerChat.Conformance;

/// <summary>
/// A raw peer a check plays: its connection to the node, the name it joins as and the listen port it
/// advertises (a real listening socket, so every member's identity is unique and reachable).
/// </summary>
public sealed class RawMember(RawPeer peer, string name, int port)
{
    public RawPeer Peer { get; } = peer;

    public string Name { get; } = name;

    public int Port { get; } = port;

    /// <summary>The node's join-reply, once this member joined through <see cref="CheckSession.JoinAsync"/>.</summary>
    public System.Text.Json.JsonElement JoinReply { get; internal set; }

    /// <summary>The advertised port as the spec sends numbers: a string.</summary>
    public string PortText => Port.ToString(CultureInfo.InvariantCulture);
}
