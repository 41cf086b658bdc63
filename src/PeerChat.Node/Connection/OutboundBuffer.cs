using System.Buffers;
using Akka.IO;

namespace PeerChat.Node;

/// <summary>
/// The lines a busy connection holds back (<see cref="Writer"/>): they pile up here, copied, while a
/// batch is in flight and go out together in the next one, so a flood is written in large batches
/// and an idle connection holds no buffer at all (arrays come from the shared pool and go back once
/// the batch's ack has come).
/// </summary>
internal sealed class OutboundBuffer
{
    private const int FirstSize = 4096;
    private byte[]? _filling;
    private int _filled;
    private byte[]? _inFlight;

    /// <summary>Bytes held back, not yet handed to Akka.IO.</summary>
    public int Queued => _filled;

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
        var batch = ByteString.FromBytes(_inFlight, 0, _filled);
        _filling = null;
        _filled = 0;
        return batch;
    }

    /// <summary>The in-flight batch was acknowledged: its array can be reused.</summary>
    public void Written()
    {
        if (_inFlight is null) return;
        ArrayPool<byte>.Shared.Return(_inFlight);
        _inFlight = null;
    }

    /// <summary>Everything queued as a copy the pool never sees again: for the last write before a close, which gets no ack.</summary>
    public ByteString TakeRemaining()
    {
        var rest = ByteString.CopyFrom(_filling ?? [], 0, _filled);
        _filled = 0;
        return rest;
    }
}
