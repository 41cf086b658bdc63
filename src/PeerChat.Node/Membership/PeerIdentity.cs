using System.Net;

namespace PeerChat.Node;

/// <summary>
/// Who a member is: its IP as this node sees the connection and the listen port it advertised.
/// A peer that advertised no valid port is keyed by its connection's port instead
/// (<see cref="Advertised"/> false), so it is unique but never matches an address in a who-reply.
/// </summary>
internal readonly record struct PeerIdentity(IPAddress Ip, int Port, bool Advertised) : IComparable<PeerIdentity>
{
    public static PeerIdentity Of(IPAddress ip, int port) => new(Addresses.Normalize(ip), port, true);

    /// <summary>Orders by address bytes then port: the rule both ends of a duplicate connection apply alike.</summary>
    public int CompareTo(PeerIdentity other)
    {
        var a = Ip.GetAddressBytes();
        var b = other.Ip.GetAddressBytes();
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return Port.CompareTo(other.Port);
    }

    public static bool operator <(PeerIdentity left, PeerIdentity right) => left.CompareTo(right) < 0;
    public static bool operator >(PeerIdentity left, PeerIdentity right) => left.CompareTo(right) > 0;
    public static bool operator <=(PeerIdentity left, PeerIdentity right) => left.CompareTo(right) <= 0;
    public static bool operator >=(PeerIdentity left, PeerIdentity right) => left.CompareTo(right) >= 0;

    public override string ToString() => Ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Ip}]:{Port}"
        : $"{Ip}:{Port}";
}

/// <summary>IP address helpers of the node (the <c>HOST:PORT</c> text form is <see cref="Protocol.HostPort"/>).</summary>
public static class Addresses
{
    /// <summary>Akka.IO reports outbound peers as <c>::ffff:a.b.c.d</c>; the wire and the table want <c>a.b.c.d</c>.</summary>
    public static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    public static IPAddress Normalize(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => Normalize(ip.Address),
        _ => IPAddress.None,
    };
}
