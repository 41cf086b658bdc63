namespace PeerChat.Node;

/// <summary>
/// Ask one member (<paramref name="Member"/>: its <c>HOST:PORT</c> or its name) for its member list:
/// the node sends it <c>who</c> and answers with <see cref="MemberListed"/> once the who-reply
/// arrives, or <see cref="MemberListFailed"/> (no such member, more than one by that name, no answer
/// within <c>peerchat.timeouts.who-reply</c>, or it left first).
/// </summary>
public sealed record AskMemberList(string Member);

/// <summary>
/// What <paramref name="Member"/> answered: the addresses it listed (its members but itself and us),
/// each with the name this node knows it by when it is a member here too.
/// </summary>
public sealed record MemberListed(PeerInfo Member, IReadOnlyList<ListedPeer> Peers);

/// <summary>One entry of a who-reply; <paramref name="Name"/> is null when that address is not a member of this node.</summary>
public sealed record ListedPeer(string Ip, int Port, string? Name)
{
    public string Address => Protocol.HostPort.Format(Ip, Port);
}

/// <summary>The answer to an <see cref="AskMemberList"/> that got no list: <paramref name="Reason"/> says why.</summary>
public sealed record MemberListFailed(string Member, string Reason);
