using System.Buffers;
using Akka.IO;

namespace PeerChat.Node;

/// <summary>
/// A connection's unsent bytes. Lines pile up here while one <see cref="Tcp.Write"/> is in flight and
/// go out together in the next one, so a busy connection writes large batches and an idle one holds
/// no buffer at all (arrays come from the shared pool and go back once written).
/// </summary>
internal sealed class OutboundBuffer
{
    private const int FirstSize = 4096;
    private byte[]? _filling;
    private int _filled;
    private byte[]? _inFlight;
    private int _inFlightLength;

    /// <summary>Bytes not yet acknowledged by the socket: queued plus in flight.</summary>
    public long Backlog => _filled + _inFlightLength;

    public bool WriteInFlight => _inFlight is not null;

    public bool HasQueued => _filled > 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_filling is null || _filling.Length - _filled < bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(FirstSize, Math.Max(_filled + bytes.Length, (_filling?.Length ?? 0) * 2)));
            if (_filling is not null)
            {
                _filling.AsSpan(0, _filled).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_filling);
            }
            _filling = bigger;
        }
        bytes.CopyTo(_filling.AsSpan(_filled));
        _filled += bytes.Length;
    }

    /// <summary>Everything queued, as one write; the bytes stay untouched until <see cref="Written"/>.</summary>
    public ByteString TakeBatch()
    {
        if (_inFlight is not null) throw new InvalidOperationException("a write is already in flight");
        _inFlight = _filling!;
        _inFlightLength = _filled;
        _filling = null;
        _filled = 0;
        return ByteString.FromBytes(_inFlight, 0, _inFlightLength);
    }

    /// <summary>The in-flight write was acknowledged: its array can be reused.</summary>
    public void Written()
    {
        if (_inFlight is null) return;
        ArrayPool<byte>.Shared.Return(_inFlight);
        _inFlight = null;
        _inFlightLength = 0;
    }

    /// <summary>Everything queued as a copy the pool never sees again: for the last write before a close, which gets no ack.</summary>
    public ByteString TakeRemaining()
    {
        var rest = ByteString.CopyFrom(_filling ?? [], 0, _filled);
        _filled = 0;
        return rest;
    }
}
