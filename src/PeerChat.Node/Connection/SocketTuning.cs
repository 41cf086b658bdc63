using System.Net.Sockets;
using Akka.IO;

namespace PeerChat.Node;

/// <summary>
/// Socket options for every peer connection: no Nagle delay (chat lines are small and should go
/// out at once) and TCP keepalive, so a peer that vanished without a FIN (power cut, link down)
/// is noticed and removed instead of lingering as a half-open member.
/// </summary>
internal sealed class SocketTuning(NodeSettings settings) : Inet.SocketOption
{
    public override void BeforeServerSocketBind(Socket socket) => Apply(socket);

    public override void BeforeConnect(Socket socket) => Apply(socket);

    public override void AfterConnect(Socket socket) => Apply(socket);

    private void Apply(Socket socket)
    {
        try
        {
            socket.NoDelay = true;
            if (!settings.KeepAlive) return;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Seconds(settings.KeepAliveIdle));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Seconds(settings.KeepAliveInterval));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, settings.KeepAliveCount);
        }
        catch (SocketException)
        {
            // A platform without these options still chats; it just notices dead peers later.
        }
    }

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}
