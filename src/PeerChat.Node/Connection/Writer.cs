namespace PeerChat.Node;

/// <summary>
/// A connection's writing side, kept as byte counts. Every write goes to Akka.IO at once; only now and
/// then does one ask for an ack, and never while another is outstanding. Akka.IO sends acks in order,
/// once a write's bytes are in the socket, so the ack of the write that ended at byte P confirms
/// every byte before P. The backlog is every byte handed over and not yet confirmed: it may count
/// bytes already sent, never fewer than are unsent. From it: the high-water mark (with hysteresis:
/// over above it, back under at half) and the two ways a peer stalls (too much unconfirmed, or an
/// ack that does not come back for too long).
/// </summary>
internal sealed class Writer
{
    /// <summary>At most this many bytes go between two ack requests: four of Akka.IO's 16 KiB socket writes.</summary>
    public const int MostBytesPerAck = 64 * 1024;

    private readonly int _highWater;
    private readonly int _maxBuffered;
    private readonly long _stallMs;
    private readonly long _ackIntervalMs;
    private readonly long _bytesPerAck;
    private long _handedOver; // bytes given to Akka.IO, ever
    private long _confirmed; // bytes covered by acks
    private long _askedUpTo; // where the last ack asked for confirms up to
    private long _askedAt = long.MinValue / 2; // when it was asked: long ago, so the first write asks
    private bool _ackOutstanding;

    public Writer(int highWater, int maxBuffered, TimeSpan stallTimeout, TimeSpan ackInterval)
    {
        _highWater = highWater;
        _maxBuffered = maxBuffered;
        _stallMs = (long)stallTimeout.TotalMilliseconds;
        _ackIntervalMs = (long)ackInterval.TotalMilliseconds;
        // At most half the mark: what follows an ack without asking again is then under it, so the
        // mark stays up only while an ack is on its way, never for bytes nothing will confirm soon.
        _bytesPerAck = Math.Max(1, Math.Min(MostBytesPerAck, highWater / 2));
    }

    /// <summary>Bytes handed to Akka.IO and not yet confirmed by an ack.</summary>
    public long Unconfirmed => _handedOver - _confirmed;

    public bool OverHighWater { get; private set; }

    /// <summary>Whether <paramref name="count"/> more bytes stay within max-outbound-buffer.</summary>
    public bool Fits(int count) => Unconfirmed + count <= _maxBuffered;

    /// <summary>
    /// <paramref name="count"/> bytes go to Akka.IO now; true when this write asks for an ack: none is
    /// outstanding and, since the last was asked, <see cref="MostBytesPerAck"/> (or half the mark)
    /// has gone or the ack interval has passed.
    /// </summary>
    public bool HandOver(int count, long now)
    {
        _handedOver += count;
        var ask = !_ackOutstanding && (_handedOver - _askedUpTo >= _bytesPerAck || now - _askedAt >= _ackIntervalMs);
        if (ask) Ask(now);
        UpdateMark();
        return ask;
    }

    /// <summary>
    /// The outstanding ack came back. True when another should be asked at once, on an empty write:
    /// a full ack's worth went out meanwhile and no later write may come to ask (the mark paces senders).
    /// </summary>
    public bool Acked(long now)
    {
        if (!_ackOutstanding) return false;
        _ackOutstanding = false;
        _confirmed = _askedUpTo;
        var again = _handedOver - _askedUpTo >= _bytesPerAck;
        if (again) Ask(now);
        UpdateMark();
        return again;
    }

    /// <summary>What the periodic check finds; <see cref="WriteCheck.Confirm"/> counts as asked.</summary>
    public WriteCheck Check(long now)
    {
        if (_ackOutstanding) return now - _askedAt > _stallMs ? WriteCheck.Stalled : WriteCheck.Waiting;
        if (Unconfirmed == 0) return WriteCheck.AllConfirmed;
        if (now - _askedAt < _ackIntervalMs) return WriteCheck.Waiting;
        Ask(now);
        return WriteCheck.Confirm;
    }

    private void Ask(long now)
    {
        _ackOutstanding = true;
        _askedUpTo = _handedOver;
        _askedAt = now;
    }

    private void UpdateMark()
    {
        var backlog = Unconfirmed;
        OverHighWater = OverHighWater ? backlog > _highWater / 2 : backlog > _highWater;
    }
}

/// <summary>What a connection's periodic write check finds.</summary>
internal enum WriteCheck
{
    /// <summary>Every byte handed over is confirmed: nothing to watch until the next write.</summary>
    AllConfirmed,

    /// <summary>An ack is on its way (and not yet late), or one was asked too recently to ask again.</summary>
    Waiting,

    /// <summary>Bytes are unconfirmed and no ack is on its way: ask for one on an empty write.</summary>
    Confirm,

    /// <summary>The outstanding ack is older than the stall timeout: the peer's socket took nothing.</summary>
    Stalled,
}
