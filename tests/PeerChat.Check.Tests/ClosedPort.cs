using System.Net;
using System.Net.Sockets;

namespace PeerChat.Check.Tests;

/// <summary>
/// A loopback port where nothing listens, held for as long as the socket lives: bound but not
/// listening, so connections to it are refused and no other test can start listening on it.
/// </summary>
internal static class ClosedPort
{
    public static Socket Hold(int port = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // A port just closed may still have connections in TIME_WAIT.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
