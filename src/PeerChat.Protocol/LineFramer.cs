using System.Runtime.CompilerServices;

namespace PeerChat.Protocol;

/// <summary>Receives the complete lines cut out of a byte stream by <see cref="LineFramer"/>.</summary>
public interface ILineSink
{
    /// <summary>
    /// One complete, non-empty line without its <c>\n</c> and without a trailing <c>\r</c>.
    /// The span is only valid during the call: it points into the caller's data or the framer's buffer.
    /// </summary>
    void OnLine(ReadOnlySpan<byte> line);
}

/// <summary>
/// Cuts a TCP byte stream into lines on the <c>\n</c> byte (nothing is decoded here, so a UTF-8
/// character split between reads is delivered whole). Lines longer than <see cref="MaxLineLength"/>
/// are dropped as they stream in and are never held whole. Not thread-safe: one framer per connection.
/// </summary>
public sealed class LineFramer
{
    private const int InitialBufferSize = 256;

    // A buffer that grew beyond this is given back once the line it held is done.
    private const int RetainedBufferLimit = 64 * 1024;

    private readonly int _maxLineLength;
    private byte[] _buffer = [];
    private int _count;
    private bool _discarding;
    private long _discardedLines;

    /// <param name="maxLineLength">Longest line delivered, in bytes, not counting the <c>\n</c> or a trailing <c>\r</c>.</param>
    public LineFramer(int maxLineLength)
    {
        // The partial-line buffer holds up to maxLineLength + 1 bytes (the line and its '\r').
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLineLength, Array.MaxLength - 1);
        _maxLineLength = maxLineLength;
    }

    /// <summary>Longest line delivered, in bytes, excluding the terminator.</summary>
    public int MaxLineLength => _maxLineLength;

    /// <summary>How many over-long lines were dropped so far (a line is counted when its dropping starts).</summary>
    public long DiscardedLines => _discardedLines;

    /// <summary>Bytes of the partial line currently held (0 while an over-long line is being skipped).</summary>
    public int BufferedBytes => _count;

    /// <summary>Size of the partial-line buffer now allocated (for tests).</summary>
    internal int BufferCapacity => _buffer.Length;

    /// <summary>
    /// Feeds the next bytes of the stream; calls <paramref name="sink"/> once per complete line, in order.
    /// If the sink throws, the exception propagates and the rest of <paramref name="data"/> is not processed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Feed<TSink>(ReadOnlySpan<byte> data, TSink sink) where TSink : ILineSink
    {
        while (true)
        {
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (!data.IsEmpty) Hold(data);
                return;
            }

            ReadOnlySpan<byte> piece = data[..newline];
            data = data[(newline + 1)..];

            if (_discarding)
            {
                // This '\n' ends the over-long line; the next line starts fresh.
                _discarding = false;
            }
            else if (_count == 0)
            {
                Emit(piece, sink); // the whole line is inside data: no copy
            }
            else
            {
                CompleteHeldLine(piece, sink);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Emit<TSink>(ReadOnlySpan<byte> line, TSink sink) where TSink : ILineSink
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (line.IsEmpty) return;
        if (line.Length > _maxLineLength)
        {
            _discardedLines++;
            return;
        }

        sink.OnLine(line);
    }

    private void CompleteHeldLine<TSink>(ReadOnlySpan<byte> rest, TSink sink) where TSink : ILineSink
    {
        long total = (long)_count + rest.Length;
        if (total > (long)_maxLineLength + 1)
        {
            // Even without a trailing '\r' this line is too long.
            _discardedLines++;
            ClearHeld();
            return;
        }

        int length = (int)total;
        EnsureCapacity(length);
        rest.CopyTo(_buffer.AsSpan(_count));

        // Leave the framer in a clean state before the sink runs (it may throw).
        byte[] held = _buffer;
        _count = 0;
        if (held.Length > RetainedBufferLimit) _buffer = [];

        Emit(new ReadOnlySpan<byte>(held, 0, length), sink);
    }

    private void Hold(ReadOnlySpan<byte> tail)
    {
        if (_discarding) return;

        long total = (long)_count + tail.Length;
        long holdLimit = (long)_maxLineLength + 1;
        if (total > holdLimit || (total == holdLimit && tail[^1] != (byte)'\r'))
        {
            // Already longer than any line we deliver: drop it now and skip to its '\n'.
            _discardedLines++;
            _discarding = true;
            ClearHeld();
            return;
        }

        EnsureCapacity((int)total);
        tail.CopyTo(_buffer.AsSpan(_count));
        _count = (int)total;
    }

    private void ClearHeld()
    {
        _count = 0;
        if (_buffer.Length > RetainedBufferLimit) _buffer = [];
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length) return;

        int limit = _maxLineLength + 1; // checked against Array.MaxLength in the constructor
        long doubled = Math.Max((long)_buffer.Length * 2, InitialBufferSize);
        int size = (int)Math.Min(limit, Math.Max(needed, doubled));

        var bigger = new byte[size];
        _buffer.AsSpan(0, _count).CopyTo(bigger);
        _buffer = bigger;
    }
}
