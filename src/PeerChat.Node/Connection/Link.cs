using System.Net;
using Akka.Actor;
using Akka.IO;

namespace PeerChat.Node;

/// <summary>The socket of one connection: Akka.IO's connection actor, the peer's address and ours.</summary>
internal sealed record Link(IActorRef Tcp, IPEndPoint Remote, IPAddress LocalIp)
{
    public string Label { get; } = PeerIdentity.Of(Remote.Address, Remote.Port).ToString();

    public static Link Of(IActorRef tcp, Tcp.Connected connected) => new(
        tcp,
        connected.RemoteAddress is IPEndPoint remote ? new IPEndPoint(Addresses.Normalize(remote.Address), remote.Port) : new IPEndPoint(IPAddress.None, 0),
        Addresses.Normalize(connected.LocalAddress));
}
