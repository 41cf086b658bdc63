using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>
/// A raw peer's own listening port, so a node can dial it: after <c>/connect</c>, or because a
/// <c>who-reply</c> named it. Each connection a node opens arrives as a <see cref="RawPeer"/>.
/// Disposing the listener closes it and every connection it accepted.
/// </summary>
public sealed class RawPeerListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly List<RawPeer> _accepted = [];
    private int _disposed;

    private RawPeerListener(TcpListener listener, string host)
    {
        _listener = listener;
        Host = host;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Listens on <paramref name="host"/> (loopback by default), on a free port.</summary>
    public static RawPeerListener Start(string host = "127.0.0.1") => Start(host, WaitLimit.WithoutKit);

    internal static RawPeerListener Start(string host, WaitLimit limits)
    {
        var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return new RawPeerListener(listener, host) { Limits = limits };
    }

    /// <summary>How long its waits may last (its accepted peers' too): the harness sets it to follow the test's TestKit.</summary>
    internal WaitLimit Limits { get; private init; } = WaitLimit.WithoutKit;

    public string Host { get; }

    public int Port { get; }

    /// <summary><c>HOST:PORT</c>, as <c>/connect</c> and a <c>who-reply</c> name it.</summary>
    public string Address => $"{Host}:{Port}";

    /// <summary>Waits for a node to connect.</summary>
    public async Task<RawPeer> AcceptAsync(TimeSpan? timeout = null)
    {
        var t = Limits.For(timeout);
        using var cts = new CancellationTokenSource(t);
        TcpClient client;
        try
        {
            client = await _listener.AcceptTcpClientAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"raw listener {Address}: no connection within {EventInbox.Seconds(t)}");
        }
        var peer = new RawPeer(client, $"raw peer accepted on {Address}") { Limits = Limits };
        lock (_accepted) _accepted.Add(peer);
        return peer;
    }

    /// <summary>Waits for a node to connect and join, answers <c>join-reply</c> as <paramref name="name"/> advertising this port.</summary>
    public async Task<RawPeer> AcceptJoinAsync(string name, string age = "30", string zip = "12345", TimeSpan? timeout = null)
    {
        var peer = await AcceptAsync(timeout);
        await peer.AnswerJoinAsync(name, Port.ToString(CultureInfo.InvariantCulture), age, zip, timeout);
        return peer;
    }

    /// <summary>Fails if a node connects within <paramref name="duration"/>.</summary>
    public async Task ExpectNoConnectionAsync(TimeSpan duration)
    {
        duration = Limits.For(duration);
        using var cts = new CancellationTokenSource(duration);
        TcpClient client;
        try
        {
            client = await _listener.AcceptTcpClientAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var remote = client.Client.RemoteEndPoint;
        client.Dispose();
        throw new XunitException($"raw listener {Address}: expected no connection within {EventInbox.Seconds(duration)}, but {remote} connected");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _listener.Stop();
        RawPeer[] accepted;
        lock (_accepted) accepted = [.. _accepted];
        foreach (var peer in accepted) await peer.DisposeAsync();
    }

    public override string ToString() => $"raw listener {Address}";
}
