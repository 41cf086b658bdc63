using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PeerChat.Load;

/// <summary>Plain-socket helpers shared by the raw peers and the baselines.</summary>
public static class Net
{
    public const int ChunkSize = 64 * 1024;

    public static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = NewSocket();
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, int chunk = ChunkSize)
    {
        while (!data.IsEmpty)
        {
            var piece = data[..Math.Min(chunk, data.Length)];
            int sent = await socket.SendAsync(piece, SocketFlags.None);
            data = data[sent..];
        }
    }

    public static Task SendLineAsync(Socket socket, string line) => SendAllAsync(socket, Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Reads one line byte by byte (handshakes only: nothing after the line is consumed).</summary>
    public static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancel = default)
    {
        var bytes = new List<byte>(128);
        var one = new byte[1];
        while (true)
        {
            int n = await socket.ReceiveAsync(one, SocketFlags.None, cancel);
            if (n == 0) throw new EndOfStreamException("connection closed while reading a line");
            if (one[0] == (byte)'\n') return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add(one[0]);
        }
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1 with at most <paramref name="parallel"/> at once.</summary>
    public static async Task<T[]> ForEachAsync<T>(int count, int parallel, Func<int, Task<T>> work)
    {
        var results = new T[count];
        using var gate = new SemaphoreSlim(parallel);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try { results[i] = await work(i); }
            finally { gate.Release(); }
        }).ToList();
        await Task.WhenAll(tasks);
        return results;
    }
}

/// <summary>Counts '\n' bytes read from a socket, with 64 KiB reads: the cheapest possible consumer of a line stream.</summary>
public sealed class LineCounter(Socket socket)
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(Net.ChunkSize);

    public long Lines { get; private set; }

    public Socket Socket => socket;

    /// <summary>Reads until <see cref="Lines"/> reaches <paramref name="total"/>; returns the timestamp of that read.</summary>
    public async Task<long> ReadUntilAsync(long total, CancellationToken cancel)
    {
        while (Lines < total)
        {
            int n = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancel);
            if (n == 0) throw new EndOfStreamException($"closed after {Lines} of {total} lines");
            Lines += _buffer.AsSpan(0, n).Count((byte)'\n');
        }
        return Stopwatch.GetTimestamp();
    }
}

/// <summary>A raw peer: a plain socket that joins a node with a hand-written join line.</summary>
public static class RawPeer
{
    private static int s_lostJoins;

    /// <summary>
    /// Joins that got no join-reply within <see cref="ReplyTimeout"/> and were retried on a new connection.
    /// Seen about once per few thousand connections: Akka.IO registers the node's handler but never
    /// delivers the join bytes (its trace shows no read), and the node drops the silent connection after
    /// peerchat.timeouts.join. Reported in the results, never hidden.
    /// </summary>
    public static int LostJoins => Volatile.Read(ref s_lostJoins);

    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A node-to-node join that had to be retried (see <see cref="MeshBuilder"/>).</summary>
    public static void CountLostJoin() => Interlocked.Increment(ref s_lostJoins);

    /// <summary>Connects, sends join advertising <paramref name="advertisedPort"/> and reads the join-reply (the node's first line).</summary>
    public static async Task<Socket> JoinAsync(int nodePort, string name, int advertisedPort)
    {
        for (int attempt = 1; ; attempt++)
        {
            var socket = await Net.ConnectAsync(nodePort);
            try
            {
                await JoinOnAsync(socket, name, advertisedPort, ReplyTimeout);
                return socket;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException && attempt < 3)
            {
                int port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
                socket.Dispose();
                Interlocked.Increment(ref s_lostJoins);
                Log.Info($"  raw peer {name} (local port {port}): no join-reply ({(e is OperationCanceledException ? $"nothing in {ReplyTimeout.TotalSeconds:0}s" : e.Message)}); retrying on a new connection");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// One join on a connected <paramref name="socket"/>: sends the join line and reads the node's first
    /// line, which must be a join-reply. No retry: end of stream or a reset surfaces as
    /// <see cref="EndOfStreamException"/> or <see cref="SocketException"/>, silence as <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task JoinOnAsync(Socket socket, string name, int advertisedPort, TimeSpan replyTimeout)
    {
        await Net.SendLineAsync(socket, $$"""{"type":"join","name":"{{name}}","age":"30","zip":"12345","port":"{{advertisedPort}}"}""");
        using var timeout = new CancellationTokenSource(replyTimeout);
        string reply = await Net.ReadLineAsync(socket, timeout.Token);
        if (!reply.Contains("\"join-reply\"", StringComparison.Ordinal)) throw new InvalidOperationException($"expected a join-reply, got {reply}");
    }

    /// <summary>Distinct advertised ports below the ephemeral range, so raw peers never share an identity or collide with a node.</summary>
    public static int AdvertisedPort(int index) => 1024 + index;
}

/// <summary>A plain listener on 127.0.0.1, port 0: the baseline's server side.</summary>
public sealed class PlainListener : IDisposable
{
    private readonly Socket _socket;

    public PlainListener(int backlog = 4096)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Listen(backlog);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public async Task<Socket> AcceptAsync(CancellationToken cancel = default)
    {
        var accepted = await _socket.AcceptAsync(cancel);
        accepted.NoDelay = true;
        return accepted;
    }

    /// <summary>Connects <paramref name="count"/> clients and accepts them: pairs of (client, server side).</summary>
    public async Task<(Socket Client, Socket Server)[]> PairsAsync(int count, int parallel = 32)
    {
        return await Net.ForEachAsync(count, parallel, async _ =>
        {
            var accept = AcceptAsync();
            var client = await Net.ConnectAsync(Port);
            return (client, await accept);
        });
    }

    public void Dispose() => _socket.Dispose();
}

public static class Sockets
{
    public static void CloseAll(IEnumerable<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0); // reset: no TIME_WAIT pile-up between scenarios
                socket.Dispose();
            }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
        }
    }
}
