using System.Globalization;
using System.Diagnostics;
using System.Text;
using Akka.TestKit;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

/// <summary>
/// The events of one node, read from a TestKit probe. An expectation takes the first matching event,
/// from those that arrived earlier and were not taken, then from new arrivals; whatever it does not
/// take stays for later expectations.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (only WaitAsync is used); it lives as long as its node handle.")]
internal sealed class EventInbox(TestProbe probe, string owner)
{
    private const int ShownEvents = 12;

    private readonly List<ChatEvent> _untaken = [];
    // The rest of a MessagesReceived batch: expectations deal in single lines.
    private readonly Queue<ChatEvent> _unpacked = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public TestProbe Probe { get; } = probe;

    public string Owner { get; set; } = owner;

    /// <summary>Appended to failure messages (a headless process's standard error, for example).</summary>
    public Func<string>? Diagnostics { get; set; }

    /// <summary>Takes the first event that <paramref name="selects"/>.</summary>
    public async Task<T> TakeAsync<T>(Func<T, bool> selects, string what, TimeSpan timeout) where T : ChatEvent
    {
        await _gate.WaitAsync();
        try
        {
            for (var i = 0; i < _untaken.Count; i++)
                if (_untaken[i] is T t && selects(t))
                {
                    _untaken.RemoveAt(i);
                    return t;
                }

            var clock = Stopwatch.StartNew();
            while (true)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new XunitException($"{Owner}: expected {what} within {Seconds(timeout)}, but it did not come.{Untaken()}{Extra()}");
                var e = await NextAsync(left);
                if (e is null) continue;
                if (e is T t && selects(t)) return t;
                if (e is NodeExited exited && typeof(T) != typeof(NodeExited))
                    throw new XunitException($"{Owner}: expected {what}, but the node's process exited with code {exited.ExitCode}.{Untaken()}{Extra()}");
                _untaken.Add(e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fails if an event that <paramref name="counts"/> is untaken or arrives within <paramref name="duration"/>.</summary>
    public async Task ExpectNoneAsync(Func<ChatEvent, bool> counts, string what, TimeSpan duration)
    {
        await _gate.WaitAsync();
        try
        {
            if (_untaken.FirstOrDefault(counts) is { } early)
                throw new XunitException($"{Owner}: expected no {what}, but it had already received {Describe(early)} (not taken by any expectation).{Extra()}");
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var left = duration - clock.Elapsed;
                if (left <= TimeSpan.Zero) return;
                var e = await NextAsync(left);
                if (e is null) continue;
                if (counts(e))
                    throw new XunitException($"{Owner}: expected no {what} within {Seconds(duration)}, but received {Describe(e)} after {Seconds(clock.Elapsed)}.{Extra()}");
                _untaken.Add(e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the untaken events and everything already queued on the probe.</summary>
    public void Discard()
    {
        _gate.Wait();
        try
        {
            _untaken.Clear();
            _unpacked.Clear();
            while (Probe.HasMessages) Probe.ReceiveOne(TimeSpan.Zero);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves what the probe holds into the inbox (nothing is taken) and returns every untaken event, oldest first.</summary>
    public async Task<IReadOnlyList<ChatEvent>> PeekAsync()
    {
        await _gate.WaitAsync();
        try
        {
            while (_unpacked.Count > 0 || Probe.HasMessages)
                if (await NextAsync(TimeSpan.Zero) is { } e) _untaken.Add(e);
            return [.. _untaken];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ChatEvent?> NextAsync(TimeSpan max)
    {
        if (_unpacked.TryDequeue(out var next)) return next;
        var (received, envelope) = await Probe.TryReceiveOneAsync(max, CancellationToken.None);
        if (received && envelope.Message is MessagesReceived batch)
        {
            foreach (var text in batch.Texts) _unpacked.Enqueue(new MessageReceived(batch.From, text));
            return _unpacked.TryDequeue(out next) ? next : null;
        }
        // Other replies that land on the probe (BroadcastAccepted, for example) are not events.
        return received ? envelope.Message as ChatEvent : null;
    }

    private string Untaken()
    {
        if (_untaken.Count == 0) return " No other events arrived.";
        var sb = new StringBuilder($" Events received and not taken by an expectation ({_untaken.Count}):");
        foreach (var e in _untaken.TakeLast(ShownEvents)) sb.Append("\n  ").Append(Describe(e));
        if (_untaken.Count > ShownEvents) sb.Append(CultureInfo.InvariantCulture, $"\n  (and {_untaken.Count - ShownEvents} earlier)");
        return sb.ToString();
    }

    private string Extra() => Diagnostics?.Invoke() is { Length: > 0 } d ? "\n" + d : "";

    internal static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.###}s" : $"{t.TotalMilliseconds:0}ms";

    /// <summary>One short line per event, for failure messages.</summary>
    public static string Describe(ChatEvent e) => e switch
    {
        MessageReceived m => $"message from {m.From.Name} ({m.From.Address}): \"{m.Text}\"",
        PeerJoined j => $"peer-joined {j.Peer.Name} ({j.Peer.Address})",
        PeerLeft l => $"peer-left {l.Peer.Name} ({l.Peer.Address}), reason {l.Reason.ToWire()}",
        JoinFailed f => $"error: cannot join {f.Address}: {f.Reason}",
        NodeError n => $"error: {n.Text}",
        Listening l => $"listening on {l.Host}:{l.Port}",
        ListenFailed f => $"error: cannot listen on {f.Host}:{f.Port}: {f.Reason}",
        MessageSent s => $"own message sent to {s.Recipients}: \"{s.Text}\"",
        LeftNetwork n => $"left the network ({n.Peers} peers)",
        NodeExited x => $"process exited with code {x.ExitCode}",
        _ => e.ToString(),
    };
}
