using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PeerChat.Tui.Tests.Support;

/// <summary>
/// A peer speaking the wire protocol by hand over a plain TCP socket. Blocking on purpose: the
/// screen tests run on Terminal.Gui's UI thread, where an <c>await</c> would resume through the
/// main loop's SynchronizationContext, which only runs when the test pumps it.
/// A reader thread collects the node's lines; <see cref="Expect"/> waits for them.
/// </summary>
internal sealed class BlockingRawPeer : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly BlockingCollection<string?> _lines = new();

    private BlockingRawPeer(TcpClient client)
    {
        _client = client;
        _client.NoDelay = true;
        _stream = client.GetStream();
        var reader = new StreamReader(_stream, new UTF8Encoding(false));
        new Thread(() =>
        {
            try
            {
                while (reader.ReadLine() is { } line) _lines.Add(line);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
            try
            {
                _lines.Add(null); // closed
            }
            catch (InvalidOperationException)
            {
            }
        }) { IsBackground = true, Name = "raw-peer-reader" }.Start();
    }

    public Stream Stream => _stream;

    /// <summary>Connects and joins as <paramref name="name"/>; returns once the node's join-reply arrived.</summary>
    public static BlockingRawPeer Join(int port, string name = "Raw", string age = "30", string zip = "11111", int advertisedPort = 1)
    {
        var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        var peer = new BlockingRawPeer(client);
        peer.Send(new { type = "join", name, age, zip, port = advertisedPort.ToString(CultureInfo.InvariantCulture) });
        peer.Expect("join-reply");
        return peer;
    }

    public void Send(object frame) => SendLine(JsonSerializer.Serialize(frame));

    public void Say(string text) => Send(new { type = "message", message = text });

    public void SendLine(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        _stream.Flush();
    }

    /// <summary>The next frame of type <paramref name="type"/>, skipping others (who, join-reply…).</summary>
    public JsonElement Expect(string type)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new Xunit.Sdk.XunitException($"no '{type}' frame within {Timeout.TotalSeconds} s");
            if (line is null) throw new Xunit.Sdk.XunitException($"the node closed the connection before sending '{type}'");
            if (line.Length == 0) continue;
            var frame = JsonDocument.Parse(line).RootElement.Clone();
            if (frame.TryGetProperty("type", out var t) && t.GetString() == type) return frame;
        }
    }

    /// <summary>True when no frame of <paramref name="type"/> arrives within <paramref name="wait"/>.</summary>
    public bool NothingOfType(string type, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left)) return true;
            if (line is null) return true;
            if (line.Length == 0) continue;
            var frame = JsonDocument.Parse(line).RootElement;
            if (frame.TryGetProperty("type", out var t) && t.GetString() == type) return false;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
    }
}
