using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PeerChat.Protocol;
using PeerChat.Testing;
using Xunit.Sdk;

namespace PeerChat.Conformance;

/// <summary>
/// What one check works with: raw peers connected to the node under test, a record of what they sent,
/// and expectations that fail as <see cref="CheckFailedException"/> (expected / got). Everything it opened
/// (sockets, listeners, a started node) is closed when the check ends, however it ends.
/// </summary>
public sealed class CheckSession : IAsyncDisposable
{
    private const int ShownLineChars = 160;

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _sent = [];
    private readonly CheckOptions _options;
    private int _members;
    private StartedNode? _started;

    internal CheckSession(CheckOptions options) => _options = options;

    /// <summary>How long the node has to answer each request.</summary>
    public TimeSpan ReplyTimeout => _options.ReplyTimeout;

    /// <summary>How long a started node has to come up and dial its bootstrap peer.</summary>
    public TimeSpan StartTimeout => _options.StartTimeout;

    /// <summary>Every line sent so far, <c>name → line</c> (long ones shortened), in order.</summary>
    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_sent) return [.. _sent];
        }
    }

    public string TargetHost => _options.Host;

    public int TargetPort => _options.Port;

    /// <summary>Opens a connection to the node under test as a new member (nothing sent yet).</summary>
    public async Task<RawMember> ConnectAsync()
    {
        var (host, port) = (_options.Host, _options.Port);
        var name = $"check-{Interlocked.Increment(ref _members)}";
        var listener = Own(RawPeerListener.Start());
        RawPeer peer;
        try
        {
            peer = await RawPeer.ConnectAsync(port, host, ReplyTimeout);
        }
        catch (XunitException e)
        {
            throw new CheckFailedException($"a TCP connection to {HostPort.Format(host, port)}", e.Message.Replace("raw peer: ", "", StringComparison.Ordinal));
        }
        peer.Label = name;
        return new RawMember(Own(peer), name, listener.Port);
    }

    /// <summary>Connects, joins with well-formed fields and waits for the join-reply.</summary>
    public async Task<RawMember> JoinAsync()
    {
        var member = await ConnectAsync();
        await SendAsync(member, RawFrames.Join(member.Name, port: member.PortText));
        member.JoinReply = await ExpectFrameAsync(member, "join-reply", "a join-reply to a well-formed join");
        return member;
    }

    public Task SendAsync(RawMember member, string line) => SendRawAsync(member, Encoding.UTF8.GetBytes(line + "\n"), line);

    /// <summary>Sends exactly <paramref name="bytes"/> in one write; <paramref name="shown"/> is how the record of sent lines shows them.</summary>
    public Task SendRawAsync(RawMember member, byte[] bytes, string shown) =>
        Sending(member, shown, () => member.Peer.SendRawAsync(bytes));

    /// <summary>Sends <paramref name="line"/> and <c>\n</c> in writes of <paramref name="chunk"/> bytes each.</summary>
    public Task SendSplitAsync(RawMember member, string line, int chunk) =>
        Sending(member, $"{line}  (in writes of {chunk} byte{(chunk == 1 ? "" : "s")})", () => member.Peer.SendSplitAsync(line, chunk));

    /// <summary>The next frame from the node, whatever it is; fails when none comes or it is not JSON.</summary>
    public Task<JsonElement> NextFrameAsync(RawMember member, string expected) =>
        Reading(expected, () => member.Peer.ReadFrameAsync(ReplyTimeout));

    /// <summary>The next frame, which must be of type <paramref name="type"/>.</summary>
    public async Task<JsonElement> ExpectNextFrameAsync(RawMember member, string type, string expected)
    {
        var frame = await NextFrameAsync(member, expected);
        return Frames.TypeOf(frame) == type ? frame : throw new CheckFailedException(expected, frame.GetRawText());
    }

    /// <summary>The first frame of type <paramref name="type"/>, skipping others.</summary>
    public Task<JsonElement> ExpectFrameAsync(RawMember member, string type, string expected) =>
        Reading(expected, () => member.Peer.ExpectFrameAsync(type, ReplyTimeout));

    /// <summary>Sends <c>who</c> and returns the who-reply (the next one, skipping other frames).</summary>
    public async Task<WhoReply> WhoAsync(RawMember member)
    {
        await SendAsync(member, RawFrames.Who);
        var frame = await ExpectFrameAsync(member, "who-reply", "a who-reply to a who");
        if (!frame.TryGetProperty("peers", out var peers) || peers.ValueKind != JsonValueKind.Array)
            throw new CheckFailedException("a who-reply with a \"peers\" array", frame.GetRawText());
        if (peers.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.Object))
            throw new CheckFailedException("\"peers\" entries that are JSON objects with ip and port", frame.GetRawText());
        return new WhoReply(frame, [.. peers.EnumerateArray()]);
    }

    /// <summary>
    /// Asks <c>who</c> until <paramref name="done"/> holds of the reply: a node handles each connection
    /// on its own, so another member's leave may be processed a moment after this member's next who.
    /// </summary>
    public async Task<WhoReply> WhoUntilAsync(RawMember member, Func<WhoReply, bool> done, string expected)
    {
        var until = DateTime.UtcNow + ReplyTimeout;
        while (true)
        {
            var reply = await WhoAsync(member);
            if (done(reply)) return reply;
            if (DateTime.UtcNow >= until) throw new CheckFailedException(expected, $"{reply.Raw} (still, after {ReplyTimeout.TotalSeconds:0.#} s of asking)");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts the node under test with the <c>--start</c> command, listening on a free port and told to join <paramref name="peer"/>.</summary>
    public StartedNode StartNode(string peer)
    {
        if (_options.StartCommand is not { } command) throw new InvalidOperationException("checks that start the node run only with --start");
        return _started = Own(StartedNode.Start(command, peer));
    }

    /// <summary>
    /// For a failed check: how the started node ended, if it did; a crash explains a failure better than
    /// the missing frame. Waits a moment, as a dead node's sockets close before its exit is seen.
    /// </summary>
    internal async Task<string> StartedNodeEndAsync()
    {
        if (_started is not { } node) return "";
        await Task.WhenAny(node.HasExited, Task.Delay(TimeSpan.FromMilliseconds(250)));
        return node.Exited();
    }

    /// <summary>A listener playing a member the started node will dial.</summary>
    public RawPeerListener Listen() => Own(RawPeerListener.Start());

    /// <summary>Waits for the node under test to dial <paramref name="listener"/>; the connection is a member advertising the listener's port.</summary>
    public async Task<RawMember> AcceptAsync(RawPeerListener listener, TimeSpan timeout, string expected, StartedNode node)
    {
        var accept = listener.AcceptAsync(timeout);
        // A node that crashed at start fails the check at once, with its exit code and last words.
        if (await Task.WhenAny(accept, node.HasExited) != accept)
            throw new CheckFailedException(expected, $"no connection{node.Exited()}");
        RawPeer peer;
        try
        {
            peer = await accept;
        }
        catch (XunitException)
        {
            throw new CheckFailedException(expected, $"no connection within {timeout.TotalSeconds:0.#} s{node.Exited()}");
        }
        var member = new RawMember(peer, $"check-{Interlocked.Increment(ref _members)}", listener.Port);
        peer.Label = member.Name;
        return member;
    }

    public void Record(string line)
    {
        lock (_sent) _sent.Add(line.Length <= ShownLineChars ? line : $"{line[..ShownLineChars]}… ({Encoding.UTF8.GetByteCount(line)} bytes)");
    }

    public T Own<T>(T resource) where T : IAsyncDisposable
    {
        lock (_owned) _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_owned) owned = [.. _owned];
        foreach (var resource in owned.Reverse())
        {
            try
            {
                await resource.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Already broken by the node under test; there is nothing left to close.
            }
        }
    }

    private async Task Sending(RawMember member, string shown, Func<Task> send)
    {
        Record($"{member.Name} → {shown}");
        try
        {
            await send();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new CheckFailedException("the connection to stay open", $"the write failed, the node closed or reset the connection ({e.Message})");
        }
    }

    private static async Task<T> Reading<T>(string expected, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is XunitException or EndOfStreamException)
        {
            throw new CheckFailedException(expected, e.Message);
        }
    }
}
