namespace PeerChat.Node;

/// <summary>
/// What the user is told about a member: the profile it sent (already defaulted and trimmed),
/// its IP as this node sees it, and its advertised listen port (null when it sent none valid).
/// </summary>
public sealed record PeerInfo(string Name, string Age, string Zip, string Ip, int? Port)
{
    public string Address => Port is { } p ? Protocol.HostPort.Format(Ip, p) : $"{Ip}:?";
}
