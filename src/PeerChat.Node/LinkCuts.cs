using System.Net;

namespace PeerChat.Node;

// Commands that split the network on purpose, for tests and experiments (the TestKit's partitions):
// the node keeps running and keeps every other member.

/// <summary>
/// Cut the link to the peer listening at <paramref name="Peer"/> (its IP and advertised port): drop its
/// connection (it is gone as <see cref="LeaveReason.Disconnected"/>, as when a network fails), and until
/// <see cref="HealLink"/>, refuse its joins and dial it no more. Answered with <see cref="LinkState"/>.
/// </summary>
public sealed record CutLink(IPEndPoint Peer);

/// <summary>
/// Lift a <see cref="CutLink"/>. Nothing is dialled: the node does not redial a lost member by itself,
/// so a join (<see cref="ConnectTo"/>), from either side, mends the link. Answered with <see cref="LinkState"/>.
/// </summary>
public sealed record HealLink(IPEndPoint Peer);

/// <summary>The link to <paramref name="Peer"/> is now cut (and its member gone) or healed.</summary>
public sealed record LinkState(IPEndPoint Peer, bool IsCut);
