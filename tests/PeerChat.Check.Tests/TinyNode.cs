using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PeerChat.Check.Tests;

/// <summary>
/// A small PeerChat node on a plain <see cref="TcpListener"/>, written here apart from ours, that
/// follows the spec and profile except for the <see cref="TinyNodeFaults"/> it is given: the kind of
/// implementation <c>peerchat check</c> is for. Members are (IP, advertised port); one task per connection.
/// </summary>
internal sealed class TinyNode : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly TinyNodeFaults _faults;
    private readonly int? _crashAfter;
    private readonly List<Connection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;
    private Socket? _portHeld;

    private TinyNode(TinyNodeFaults faults, int? crashAfter)
    {
        _faults = faults;
        _crashAfter = crashAfter;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Starts a node with <paramref name="faults"/>; with <paramref name="crashAfter"/>, it dies (stops listening, drops every connection) when that many connections have come.</summary>
    public static TinyNode Start(TinyNodeFaults faults = TinyNodeFaults.None, int? crashAfter = null) => new(faults, crashAfter);

    public async ValueTask DisposeAsync()
    {
        Crash();
        await _accepting;
        _portHeld?.Dispose();
        _stop.Dispose();
    }

    private void Crash()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop(); // the accept loop ends, and then holds the port (see there)
        lock (_connections)
            foreach (var c in _connections) c.Client.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            await AcceptUntilCrashAsync();
        }
        finally
        {
            // Dead, but the port stays taken (bound, not listening: connections are refused), so no listener
            // of a test running alongside can get it and answer in this node's place. Taken only once the
            // loop is out of its accept: a socket closed while an accept is pending stays open until that
            // accept is aborted, and binding its port before then fails with "address already in use".
            _portHeld = ClosedPort.Hold(Port);
        }
    }

    private async Task AcceptUntilCrashAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var connection = new Connection(client);
            lock (_connections) _connections.Add(connection);
            _ = Task.Run(() => ServeAsync(connection));
            if (++_accepted == _crashAfter) Crash();
        }
    }

    private async Task ServeAsync(Connection me)
    {
        try
        {
            using var reader = new StreamReader(me.Client.GetStream(), new UTF8Encoding(false));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var (type, frame) = Parse(line);
                if (type is null)
                {
                    if (_faults.HasFlag(TinyNodeFaults.ClosesOnGarbage)) return;
                    continue;
                }
                if (type == "join" && !me.Joined)
                {
                    me.Joined = true;
                    me.ListenPort = ListenPort(frame);
                    if (!_faults.HasFlag(TinyNodeFaults.NoJoinReply)) await me.WriteAsync(JoinReply());
                }
                else if (type == "who" && (me.Joined || _faults.HasFlag(TinyNodeFaults.AnswersWhoBeforeJoin)))
                    await me.WriteAsync(WhoReply(me));
                else if (type == "leave" && me.Joined) return;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
        finally
        {
            lock (_connections) _connections.Remove(me);
            me.Dispose();
        }
    }

    private string JoinReply() => _faults.HasFlag(TinyNodeFaults.NumbersAsJsonNumbers)
        ? $$"""{"type":"join-reply","name":"Tiny","age":20,"zip":12345,"port":{{Port}}}"""
        : $$"""{"type":"join-reply","name":"Tiny","age":"20","zip":"12345","port":"{{Port}}"}""";

    private string WhoReply(Connection asker)
    {
        List<Connection> listed;
        lock (_connections)
            listed = [.. _connections.Where(c => c.Joined && c.ListenPort is not null && (c != asker || _faults.HasFlag(TinyNodeFaults.ListsRequester)))];
        var entries = listed.Select(c => _faults.HasFlag(TinyNodeFaults.NumbersAsJsonNumbers)
            ? $$"""{"ip":"{{c.Ip}}","port":{{c.ListenPort}}}"""
            : $$"""{"ip":"{{c.Ip}}","port":"{{c.ListenPort}}"}""");
        return $$"""{"type":"who-reply","peers":[{{string.Join(",", entries)}}]}""";
    }

    /// <summary>The frame's type (null when the line is not a JSON object with a string type) and the frame.</summary>
    private static (string? Type, JsonElement Frame) Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var frame = document.RootElement.Clone();
            return frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? (t.GetString(), frame)
                : (null, frame);
        }
        catch (JsonException)
        {
            return (null, default);
        }
    }

    /// <summary>The advertised port, as a string or a JSON number; null when it is no port at all.</summary>
    private static int? ListenPort(JsonElement join)
    {
        if (!join.TryGetProperty("port", out var p)) return null;
        var text = p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
    }

    private sealed class Connection(TcpClient client) : IDisposable
    {
        private readonly SemaphoreSlim _writing = new(1, 1);

        public TcpClient Client { get; } = client;

        public string Ip { get; } = ((IPEndPoint)client.Client.RemoteEndPoint!).Address.MapToIPv4().ToString();

        public bool Joined { get; set; }

        public int? ListenPort { get; set; }

        public void Dispose()
        {
            Client.Dispose();
            _writing.Dispose();
        }

        public async Task WriteAsync(string line)
        {
            await _writing.WaitAsync();
            try
            {
                await Client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            }
            finally
            {
                _writing.Release();
            }
        }
    }
}
