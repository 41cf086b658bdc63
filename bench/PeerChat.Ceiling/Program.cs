using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PeerChat.Ceiling;

/// <summary>
/// <code>peerchat-ceiling</code>: the least any program can do with what <c>peerchat --headless</c> is
/// measured doing in the load tool's process scenario. It listens on 127.0.0.1 (port 0), prints
/// <c>{"event":"listening","port":N}</c>, answers each connection's first line (a join) with a join-reply,
/// then copies the connection's later lines, unchanged, to standard output: one write per socket read,
/// complete lines only, so lines from several peers never interleave. One thread per peer, no parsing.
/// It exits when its standard input ends, as peerchat does.
/// </summary>
public static class Program
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] JoinReply = Encoding.UTF8.GetBytes("""{"type":"join-reply","name":"ceiling","age":"0","zip":"00000","port":"0"}""" + "\n");
    private static readonly Lock OutputLock = new();

    public static int Main()
    {
        using var stdout = Console.OpenStandardOutput(); // unbuffered: each Write is one write(2)
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Write(stdout, Encoding.UTF8.GetBytes($$"""{"event":"listening","host":"127.0.0.1","port":{{port}}}""" + "\n"));

        var accepting = new Thread(() => Accept(listener, stdout)) { IsBackground = true, Name = "accept" };
        accepting.Start();
        using var stdin = Console.OpenStandardInput();
        stdin.CopyTo(Stream.Null); // until end of input
        return 0;
    }

    private static void Accept(Socket listener, Stream stdout)
    {
        while (true)
        {
            Socket peer;
            try
            {
                peer = listener.Accept();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            peer.NoDelay = true;
            new Thread(() => Copy(peer, stdout)) { IsBackground = true, Name = "peer" }.Start();
        }
    }

    /// <summary>Answers the join, then copies every complete line that follows to <paramref name="stdout"/>.</summary>
    private static void Copy(Socket peer, Stream stdout)
    {
        using var owned = peer;
        var buffer = new byte[BufferSize];
        int held = 0;
        bool joined = false;
        try
        {
            while (true)
            {
                if (held == buffer.Length) return; // a line longer than the buffer: not a chat line this program copies
                int read = peer.Receive(buffer, held, buffer.Length - held, SocketFlags.None);
                if (read == 0) return;
                held += read;
                int start = 0;
                if (!joined)
                {
                    int endOfJoin = Array.IndexOf(buffer, (byte)'\n', 0, held);
                    if (endOfJoin < 0) continue;
                    peer.Send(JoinReply);
                    joined = true;
                    start = endOfJoin + 1;
                }
                int end = buffer.AsSpan(start, held - start).LastIndexOf((byte)'\n');
                if (end >= 0)
                {
                    Write(stdout, buffer.AsSpan(start, end + 1));
                    start += end + 1;
                }
                held -= start;
                buffer.AsSpan(start, held).CopyTo(buffer);
            }
        }
        catch (SocketException)
        {
        }
        catch (IOException)
        {
            Environment.Exit(0); // standard output closed: nobody is reading any more
        }
    }

    private static void Write(Stream stdout, ReadOnlySpan<byte> lines)
    {
        lock (OutputLock) stdout.Write(lines);
    }
}
