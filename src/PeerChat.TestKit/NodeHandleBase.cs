using PeerChat.Protocol;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>The expectations every handle shares, on top of its <see cref="EventInbox"/>; subclasses supply the commands.</summary>
public abstract class NodeHandleBase : INodeHandle
{
    private protected NodeHandleBase(EventInbox inbox) => Inbox = inbox;

    private protected EventInbox Inbox { get; }

    /// <summary>How long its waits may last: set by the harness to follow the test's TestKit.</summary>
    internal WaitLimit Limits { get; set; } = WaitLimit.WithoutKit;

    public abstract string Name { get; }
    public abstract string Host { get; }
    public abstract int Port { get; }

    public string Address => HostPort.Format(Host, Port);

    public abstract void Say(string text);
    public abstract Task SayAsync(string text, TimeSpan? timeout = null);
    public void ConnectTo(INodeHandle other) => ConnectTo(other.Host, other.Port);
    public abstract void ConnectTo(string host, int port);

    /// <summary>Joins a raw peer's listening port, like any peer (join, then who).</summary>
    public void ConnectTo(RawPeerListener listener) => ConnectTo(listener.Host, listener.Port);
    public abstract Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null);
    public abstract Task LeaveAsync(TimeSpan? timeout = null);
    public abstract void Kill();
    public abstract ValueTask DisposeAsync();

    public Task<MessageReceived> ExpectMessageAsync(string? from = null, string? text = null, TimeSpan? timeout = null) =>
        Inbox.TakeAsync<MessageReceived>(
            m => (from is null || m.From.Name == from) && (text is null || m.Text == text),
            DescribeMessage(from, text),
            Limits.For(timeout));

    public async Task ExpectMessagesInOrderAsync(string from, IEnumerable<string> texts, TimeSpan? timeout = null)
    {
        var i = 0;
        foreach (var text in texts)
        {
            var next = await Inbox.TakeAsync<MessageReceived>(m => m.From.Name == from, $"message {i + 1} from {from} (\"{text}\")", Limits.For(timeout));
            if (next.Text != text)
                throw new XunitException($"{Name}: message {i + 1} from {from} was \"{next.Text}\", expected \"{text}\".");
            i++;
        }
    }

    public Task<PeerJoined> ExpectPeerJoinedAsync(string? name = null, TimeSpan? timeout = null) =>
        Inbox.TakeAsync<PeerJoined>(j => name is null || j.Peer.Name == name, name is null ? "a peer to join" : $"{name} to join", Limits.For(timeout));

    public async Task<PeerLeft> ExpectPeerLeftAsync(string? name = null, LeaveReason? reason = null, TimeSpan? timeout = null)
    {
        var what = (name is null ? "a peer" : name) + " to leave" + (reason is { } r ? $" (reason {r.ToWire()})" : "");
        var left = await Inbox.TakeAsync<PeerLeft>(l => name is null || l.Peer.Name == name, what, Limits.For(timeout));
        if (reason is { } expected && left.Reason != expected)
            throw new XunitException($"{Name}: {left.Peer.Name} left with reason {left.Reason.ToWire()}, expected {expected.ToWire()}.");
        return left;
    }

    public Task ExpectNoMessageAsync(TimeSpan duration, string? from = null) =>
        Inbox.ExpectNoneAsync(e => e is MessageReceived m && (from is null || m.From.Name == from), from is null ? "message" : $"message from {from}", Limits.For(duration));

    public Task ExpectNoEventAsync(TimeSpan duration) =>
        Inbox.ExpectNoneAsync(e => e is not (MessageSent or LeftNetwork or Listening), "event", Limits.For(duration));

    public async Task<string> ExpectErrorAsync(string? containing = null, TimeSpan? timeout = null)
    {
        var error = await Inbox.TakeAsync<ChatEvent>(
            e => ErrorText(e) is { } t && (containing is null || t.Contains(containing, StringComparison.Ordinal)),
            containing is null ? "an error" : $"an error containing \"{containing}\"",
            Limits.For(timeout));
        return ErrorText(error)!;
    }

    public Task<T> ExpectEventAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ChatEvent =>
        Inbox.TakeAsync<T>(e => match?.Invoke(e) ?? true, match is null ? $"a {typeof(T).Name} event" : $"a matching {typeof(T).Name} event", Limits.For(timeout));

    public void DiscardEvents() => Inbox.Discard();

    /// <summary>The errors received and not yet taken by an expectation (for failure messages; nothing is taken).</summary>
    internal async Task<IReadOnlyList<string>> UntakenErrorsAsync() =>
        (await Inbox.PeekAsync()).Select(ErrorText).OfType<string>().ToArray();

    public override string ToString() => $"{Name} ({Address})";

    /// <summary>The text a headless node would print for an error event, or null when <paramref name="e"/> is no error.</summary>
    public static string? ErrorText(ChatEvent e) => e switch
    {
        NodeError n => n.Text,
        JoinFailed f => $"cannot join {f.Address}: {f.Reason}",
        ListenFailed f => $"cannot listen on {f.Host}:{f.Port}: {f.Reason}",
        _ => null,
    };

    private static string DescribeMessage(string? from, string? text) => (from, text) switch
    {
        (null, null) => "a message",
        (null, _) => $"a message \"{text}\"",
        (_, null) => $"a message from {from}",
        _ => $"message \"{text}\" from {from}",
    };
}
