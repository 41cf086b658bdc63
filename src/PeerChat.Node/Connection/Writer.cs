using Akka.IO;

namespace PeerChat.Node;

/// <summary>
/// A connection's writing side. A write goes to Akka.IO at once, as the node's own bytes (never
/// copied, never changed), and only now and then asks for an ack, never while another is
/// outstanding. Akka.IO sends acks in order, once a write's bytes are in the socket, so the ack of
/// the write that ended at byte P confirms every byte before P.
/// <para>
/// A burst is held back: once a full ack's worth (<see cref="WritesPerAck"/> writes, or
/// <see cref="MostBytesPerAck"/>) has gone while an ack is outstanding, later lines are copied into
/// one batch (<see cref="OutboundBuffer"/>) that goes when the ack comes and asks for the next, as
/// long as the burst lasts. A flood is then written in large batches, and Akka.IO, which keeps a few
/// hundred bytes of objects per queued write, never holds more than a few dozen small writes of ours.
/// </para>
/// The backlog is every byte held or handed over and not yet confirmed: it may count bytes already
/// sent, never fewer than are unsent. From it: the high-water mark (with hysteresis: over above it,
/// back under at half) and the two ways a peer stalls (too much unconfirmed, or an ack that does not
/// come back for too long).
/// </summary>
internal sealed class Writer
{
    /// <summary>At most this many bytes go between two ack requests: four of Akka.IO's 16 KiB socket writes.</summary>
    public const int MostBytesPerAck = 64 * 1024;

    /// <summary>At most this many writes go between two ack requests: at a line every 5 ms, more than the 50 ms default interval brings.</summary>
    public const int WritesPerAck = 32;

    private readonly OutboundBuffer _held = new();
    private readonly int _highWater;
    private readonly int _maxBuffered;
    private readonly long _stallMs;
    private readonly long _ackIntervalMs;
    private readonly long _bytesPerAck;
    private long _handedOver; // bytes given to Akka.IO, ever
    private long _confirmed; // bytes covered by acks
    private long _askedUpTo; // where the last ack asked for confirms up to
    private long _askedAt = long.MinValue / 2; // when it was asked: long ago, so the first write asks
    private int _writesSinceAsk; // handed over after that point
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

    /// <summary>Bytes not yet confirmed: held back here or handed over.</summary>
    public long Backlog => _held.Queued + Unconfirmed;

    public bool OverHighWater { get; private set; }

    /// <summary>A burst is under way: the next lines are held (<see cref="Hold"/>) until the outstanding ack comes.</summary>
    public bool Holding { get; private set; }

    public bool HasHeld => _held.HasQueued;

    /// <summary>Whether <paramref name="count"/> more bytes stay within max-outbound-buffer.</summary>
    public bool Fits(int count) => Backlog + count <= _maxBuffered;

    /// <summary>
    /// <paramref name="count"/> bytes go to Akka.IO now (not while <see cref="Holding"/>); true when
    /// this write asks for an ack: none is outstanding and, since the last was asked, a full ack's
    /// worth has gone or the ack interval has passed.
    /// </summary>
    public bool HandOver(int count, long now)
    {
        _handedOver += count;
        _writesSinceAsk++;
        var fullAck = FullAckGone;
        var ask = !_ackOutstanding && (fullAck || now - _askedAt >= _ackIntervalMs);
        if (ask) Ask(now);
        else if (fullAck) Holding = true; // an ack is on its way: the burst waits for it
        UpdateMark();
        return ask;
    }

    /// <summary>Copies <paramref name="bytes"/> into the batch that goes when the outstanding ack comes.</summary>
    public void Hold(ReadOnlySpan<byte> bytes)
    {
        _held.Append(bytes);
        UpdateMark();
    }

    /// <summary>
    /// The outstanding ack came back. Returns the write to send now, which asks for the next ack:
    /// the held batch, or an empty write when a full ack's worth went meanwhile and no later write
    /// may come to ask (the mark paces senders); null for nothing.
    /// </summary>
    public ByteString? Acked(long now)
    {
        if (!_ackOutstanding) return null;
        _ackOutstanding = false;
        _confirmed = _askedUpTo;
        _held.Written(); // the batch in flight asked for this ack
        Holding = false;
        ByteString? next = null;
        if (_held.HasQueued)
        {
            next = _held.TakeBatch();
            _handedOver += next.Count;
            Holding = true; // the burst goes on: what comes next waits for this batch's ack
        }
        else if (FullAckGone) next = ByteString.Empty;
        if (next is not null) Ask(now);
        UpdateMark();
        return next;
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

    /// <summary>Everything held, for the last write before a close (which gets no ack).</summary>
    public ByteString TakeRemaining() => _held.TakeRemaining();

    private bool FullAckGone => _handedOver - _askedUpTo >= _bytesPerAck || _writesSinceAsk >= WritesPerAck;

    private void Ask(long now)
    {
        _ackOutstanding = true;
        _askedUpTo = _handedOver;
        _askedAt = now;
        _writesSinceAsk = 0;
    }

    private void UpdateMark()
    {
        var backlog = Backlog;
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
