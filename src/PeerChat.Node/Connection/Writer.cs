using Akka.IO;

namespace PeerChat.Node;

/// <summary>
/// A connection's writing side: one acked <c>Tcp.Write</c> in flight carrying everything queued
/// while the last one was out, the high-water mark (with hysteresis: over above it, back under at
/// half) and the two ways a peer stalls (too much unsent, or no progress for too long).
/// </summary>
internal sealed class Writer(int highWater, int maxBuffered, TimeSpan stallTimeout)
{
    private readonly OutboundBuffer _out = new();
    private long _writingSince;

    public bool OverHighWater { get; private set; }

    public bool InFlight => _out.WriteInFlight;

    /// <summary>Queues <paramref name="lines"/>; false when that takes the unsent bytes past max-outbound-buffer.</summary>
    public bool Append(ReadOnlySpan<byte> lines)
    {
        _out.Append(lines);
        UpdateMark();
        return _out.Backlog <= maxBuffered;
    }

    /// <summary>Everything queued as the next write, when none is in flight and something is queued.</summary>
    public ByteString? NextBatch(long now)
    {
        if (_out.WriteInFlight || !_out.HasQueued) return null;
        _writingSince = now;
        return _out.TakeBatch();
    }

    /// <summary>The write in flight was acknowledged; true when the high-water state changed.</summary>
    public bool Acked()
    {
        _out.Written();
        return UpdateMark();
    }

    /// <summary>A write has been in flight for longer than the stall timeout.</summary>
    public bool IsStalled(long now) => _out.WriteInFlight && now - _writingSince > (long)stallTimeout.TotalMilliseconds;

    /// <summary>What is still queued, for the last write before a close (which gets no ack).</summary>
    public ByteString TakeRemaining() => _out.TakeRemaining();

    public bool HasQueued => _out.HasQueued;

    private bool UpdateMark()
    {
        var over = OverHighWater ? _out.Backlog > highWater / 2 : _out.Backlog > highWater;
        if (over == OverHighWater) return false;
        OverHighWater = over;
        return true;
    }
}
