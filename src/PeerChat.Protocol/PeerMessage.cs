namespace PeerChat.Protocol;

/// <summary>One frame of the PeerChat protocol: a JSON object on one line, told apart by its <c>type</c>.</summary>
public abstract record PeerMessage;

/// <summary>
/// <c>{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}</c>: the first frame a
/// connecting peer sends. Invalid name/age/zip arrive here already replaced by <see cref="PeerDefaults"/>;
/// an invalid port arrives as <c>null</c> (such a peer may chat but is never advertised).
/// </summary>
public sealed record Join(string Name, string Age, string Zip, int? Port) : PeerMessage;

/// <summary><c>{"type":"join-reply",…}</c>: the accepting side's answer, same fields as <see cref="Join"/>.</summary>
public sealed record JoinReply(string Name, string Age, string Zip, int? Port) : PeerMessage;

/// <summary><c>{"type":"who"}</c>: asks a peer for the other members it knows.</summary>
public sealed record Who : PeerMessage
{
    public static readonly Who Instance = new();
    private Who() { }
}

/// <summary><c>{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"1234"}]}</c>. Malformed entries are dropped when decoding.</summary>
public sealed record WhoReply(IReadOnlyList<PeerAddress> Peers) : PeerMessage
{
    // Records compare lists by reference; compare the entries so decoded replies can be checked for equality.
    public bool Equals(WhoReply? other) => other is not null && Peers.SequenceEqual(other.Peers);
    public override int GetHashCode() => Peers.Count;
}

/// <summary><c>{"type":"leave"}</c>: the sender is gone.</summary>
public sealed record Leave : PeerMessage
{
    public static readonly Leave Instance = new();
    private Leave() { }
}

/// <summary><c>{"type":"message","message":"Hello There!"}</c>: one chat line.</summary>
public sealed record ChatMessage(string Text) : PeerMessage;

/// <summary>One entry of a who-reply: a peer's IP (dotted IPv4 for IPv4 peers) and its listen port.</summary>
public readonly record struct PeerAddress(string Ip, int Port)
{
    public override string ToString() => HostPort.Format(Ip, Port);
}

/// <summary>What a peer's invalid or missing <c>name</c>, <c>age</c> and <c>zip</c> are replaced with.</summary>
public static class PeerDefaults
{
    public const string Name = "anonymous";
    public const string Age = "0";
    public const string Zip = "00000";
}
