using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>
/// A peer played by a plain TCP socket: it sends exactly the bytes a test gives it (any frame, any
/// garbage, split as the test wishes) and reads what the node writes, line by line, with timeouts.
/// For testing other implementations against ours, or odd behaviour against our node.
/// </summary>
/// <remarks>
/// A background reader keeps reading the socket (so the node never sees a stalled peer unless
/// <see cref="PauseReading"/> is called) and queues the lines; <see cref="ReadLineAsync"/> and the
/// frame expectations take them in order. Get one with <see cref="ConnectAsync(int, string, TimeSpan?)"/>,
/// <see cref="JoinAsync(int, string, string, string, string, TimeSpan?)"/> or
/// <see cref="RawPeerListener.AcceptAsync"/>; dispose it (or let <see cref="PeerChatHarness"/> do it).
/// </remarks>
public sealed partial class RawPeer : IAsyncDisposable
{
    private const int RecentLines = 8;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Queue<string> _pushedBack = new();
    private readonly Queue<string> _recent = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _closedByNode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _reader;
    private volatile TaskCompletionSource? _paused;
    private int _disposed;

    internal RawPeer(TcpClient client, string label)
    {
        _client = client;
        _client.NoDelay = true;
        _stream = client.GetStream();
        Label = label;
        LocalEndPoint = (IPEndPoint)client.Client.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)client.Client.RemoteEndPoint!;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>How failure messages name this peer.</summary>
    public string Label { get; set; }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>How long its waits may last: the harness sets it to follow the test's TestKit.</summary>
    internal WaitLimit Limits { get; set; } = WaitLimit.WithoutKit;

    /// <summary>This socket's own (ephemeral) port.</summary>
    public int LocalPort => LocalEndPoint.Port;

    // ── Getting one ──────────────────────────────────────────────────────────────────────────────

    /// <summary>Opens a TCP connection to <paramref name="host"/>:<paramref name="port"/>; nothing is sent.</summary>
    public static Task<RawPeer> ConnectAsync(int port, string host = "127.0.0.1", TimeSpan? timeout = null) =>
        ConnectAsync(port, host, timeout, WaitLimit.WithoutKit);

    internal static async Task<RawPeer> ConnectAsync(int port, string host, TimeSpan? timeout, WaitLimit limits)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            using var cts = new CancellationTokenSource(limits.For(timeout));
            await client.ConnectAsync(host, port, cts.Token);
        }
        catch (Exception e)
        {
            client.Dispose();
            throw new XunitException($"raw peer: cannot connect to {host}:{port}: {e.Message}");
        }
        return new RawPeer(client, $"raw peer to {host}:{port}") { Limits = limits };
    }

    /// <summary>Opens a TCP connection to <paramref name="node"/>; nothing is sent.</summary>
    public static Task<RawPeer> ConnectAsync(INodeHandle node, TimeSpan? timeout = null) => ConnectAsync(node.Port, node.Host, timeout);

    /// <summary>
    /// Connects and joins as <paramref name="name"/>, advertising <paramref name="port"/> (any text: the
    /// node must cope with invalid ones), and checks the first line back is a <c>join-reply</c>.
    /// </summary>
    public static Task<RawPeer> JoinAsync(int nodePort, string name, string port = "7777", string age = "30", string zip = "12345", TimeSpan? timeout = null) =>
        JoinAsync(nodePort, name, port, age, zip, timeout, WaitLimit.WithoutKit);

    internal static async Task<RawPeer> JoinAsync(int nodePort, string name, string port, string age, string zip, TimeSpan? timeout, WaitLimit limits)
    {
        var peer = await ConnectAsync(nodePort, "127.0.0.1", timeout, limits);
        try
        {
            await peer.SendJoinAsync(name, port, age, zip, timeout);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    /// <inheritdoc cref="JoinAsync(int, string, string, string, string, TimeSpan?)"/>
    public static Task<RawPeer> JoinAsync(INodeHandle node, string name, string port = "7777", string age = "30", string zip = "12345", TimeSpan? timeout = null) =>
        JoinAsync(node.Port, name, port, age, zip, timeout);

    /// <summary>Wraps a socket the test connected or accepted itself (a node dialled it).</summary>
    public static RawPeer Adopt(TcpClient client, string label = "raw peer") => new(client, label);

    // ── Protocol helpers ─────────────────────────────────────────────────────────────────────────

    /// <summary>Sends <c>join</c> and checks that the very first line back is a <c>join-reply</c>, which it returns.</summary>
    public async Task<JsonElement> SendJoinAsync(string name, string port = "7777", string age = "30", string zip = "12345", TimeSpan? timeout = null)
    {
        Label = $"raw peer {name}";
        await SendAsync(RawFrames.Join(name, age, zip, port));
        var reply = await ReadFrameAsync(timeout);
        if (TypeOf(reply) != "join-reply")
            throw new XunitException($"{Label}: the first line after join should be a join-reply, got {reply.GetRawText()}");
        return reply;
    }

    /// <summary>For a connection the node opened: checks its first line is a <c>join</c>, answers <c>join-reply</c>, returns the join.</summary>
    public async Task<JsonElement> AnswerJoinAsync(string name, string port, string age = "30", string zip = "12345", TimeSpan? timeout = null)
    {
        var join = await ReadFrameAsync(timeout);
        if (TypeOf(join) != "join")
            throw new XunitException($"{Label}: the node's first line should be a join, got {join.GetRawText()}");
        Label = $"raw peer {name}";
        await SendAsync(RawFrames.JoinReply(name, age, zip, port));
        return join;
    }

    /// <summary>Sends a <c>message</c> frame.</summary>
    public Task SayAsync(string text) => SendAsync(RawFrames.Message(text));

    /// <summary>Sends <c>leave</c>.</summary>
    public Task LeaveAsync() => SendAsync(RawFrames.Leave);

    /// <summary>Sends <c>who</c> and returns the <c>who-reply</c>'s peers (ports as written: strings, or numbers as text).</summary>
    public async Task<IReadOnlyList<(string Ip, string Port)>> WhoAsync(TimeSpan? timeout = null)
    {
        await SendAsync(RawFrames.Who);
        var reply = await ExpectFrameAsync("who-reply", timeout);
        if (!reply.TryGetProperty("peers", out var peers) || peers.ValueKind != JsonValueKind.Array)
            throw new XunitException($"{Label}: who-reply without a peers array: {reply.GetRawText()}");
        return peers.EnumerateArray().Select(p => (Text(p, "ip"), Text(p, "port"))).ToArray();
    }

    // ── Sending ──────────────────────────────────────────────────────────────────────────────────

    /// <summary>Sends <paramref name="line"/> and a <c>\n</c>, as UTF-8, in one write.</summary>
    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Sends any object as one JSON line (<see cref="RawFrames.Of"/>).</summary>
    public Task SendFrameAsync(object frame) => SendAsync(RawFrames.Of(frame));

    /// <summary>Sends exactly these bytes, in one write.</summary>
    public Task SendRawAsync(byte[] bytes) => SendRawAsync(bytes.AsMemory());

    /// <summary>Sends exactly these bytes, in one write.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> as separate writes of the given sizes, in order; the last size
    /// repeats until everything is sent (<c>SendSplitAsync(bytes, 1)</c> sends byte by byte).
    /// The socket has no delay, so each write is its own segment (the node may still read several at once).
    /// </summary>
    public async Task SendSplitAsync(byte[] bytes, params int[] chunkSizes)
    {
        if (chunkSizes.Length == 0 || chunkSizes.Any(s => s <= 0))
            throw new ArgumentException("give one or more chunk sizes, each at least 1", nameof(chunkSizes));
        var offset = 0;
        for (var i = 0; offset < bytes.Length; i++)
        {
            var size = Math.Min(chunkSizes[Math.Min(i, chunkSizes.Length - 1)], bytes.Length - offset);
            await SendRawAsync(bytes.AsMemory(offset, size));
            offset += size;
        }
    }

    /// <summary>Sends <paramref name="line"/> and a <c>\n</c> as UTF-8, split like <see cref="SendSplitAsync(byte[], int[])"/> (a character may be split too).</summary>
    public Task SendSplitAsync(string line, params int[] chunkSizes) => SendSplitAsync(Encoding.UTF8.GetBytes(line + "\n"), chunkSizes);

    // ── Internals ────────────────────────────────────────────────────────────────────────────────

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        try
        {
            while (true)
            {
                if (_paused is { } paused) await paused.Task.WaitAsync(_stop.Token);
                var n = await _stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    _closedByNode.TrySetResult("end of stream");
                    return;
                }
                var start = 0;
                for (var i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    pending.Write(buffer, start, i - start);
                    _lines.Writer.TryWrite(Decode(pending));
                    pending.SetLength(0);
                    start = i + 1;
                }
                pending.Write(buffer, start, n - start);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Closed by this side.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _closedByNode.TrySetResult("reset: " + e.Message);
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private static string Decode(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The next line, or null on timeout or at the end of the stream.</summary>
    private async Task<string?> TryReadLineAsync(TimeSpan timeout)
    {
        if (_pushedBack.TryDequeue(out var back)) return back;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
                if (_lines.Reader.TryRead(out var line))
                {
                    _recent.Enqueue(line);
                    while (_recent.Count > RecentLines) _recent.Dequeue();
                    return line;
                }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested) { }
        return null;
    }

    private string Recent() => _recent.Count == 0
        ? " No line was read before."
        : " Last lines read: " + string.Join(" | ", _recent);

    private static string Skipped(List<string> skipped) => skipped.Count == 0
        ? "No other line arrived."
        : $"Lines read meanwhile ({skipped.Count}): " + string.Join(" | ", skipped.TakeLast(RecentLines));

    private static JsonElement? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TypeOf(JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()) : "";
}
