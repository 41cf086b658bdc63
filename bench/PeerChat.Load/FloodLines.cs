namespace PeerChat.Load;

/// <summary>
/// The process scenario's flood, as raw peers send it and as it comes back on a child's standard output.
/// Each chat text is <c>#SS NNNNNNN Hello There! Anyone up for lunch?</c>: sender SS (two digits), line
/// number NNNNNNN (seven). A line whose JSON holds a string value starting with <c>#SS NNNNNNN</c> is a flood line
/// (peerchat's <c>"text":"#..."</c>, the ceiling's copied <c>"message":"#..."</c>), recognised without parsing the JSON.
/// Per sender, each line must carry the next number: one that does not (a gap, a repeat) counts as out of order.
/// Recorded on the output reader's thread; <see cref="Lines"/> and <see cref="Ended"/> move once per block read.
/// </summary>
public sealed class FloodLines
{
    public const int MaxSenders = 100;
    private static readonly byte[] Prefix = """{"type":"message","message":"#"""u8.ToArray();
    private static readonly byte[] Suffix = """ Hello There! Anyone up for lunch?"}"""u8.ToArray();
    private readonly long[] _next = new long[MaxSenders];
    private readonly long[] _last = Enumerable.Repeat(-1L, MaxSenders).ToArray();
    private long _outOfOrder;
    private long _lines;
    private long _ended;

    /// <summary>Flood lines seen.</summary>
    public Counter Lines { get; } = new();

    /// <summary>Senders whose last line (see <see cref="Expect"/>) has been seen.</summary>
    public Counter Ended { get; } = new();

    /// <summary>Lines whose number was not the next one from their sender.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Says that <paramref name="sender"/>'s last line is number <paramref name="last"/>. Call before it sends.</summary>
    public void Expect(int sender, long last) => Volatile.Write(ref _last[sender], last);

    /// <summary>True when <paramref name="line"/> is a flood line (then recorded).</summary>
    public bool TryRecord(ReadOnlySpan<byte> line)
    {
        int at = line.IndexOf("\":\"#"u8);
        if (at < 0) return false;
        var text = line[(at + 4)..];
        if (text.Length < 10 || text[2] != (byte)' ' || !TryDigits(text[..2], out long sender) || !TryDigits(text.Slice(3, 7), out long number))
            return false;
        if (number != _next[sender]) Interlocked.Increment(ref _outOfOrder);
        _next[sender] = number + 1;
        _lines++;
        if (number == Volatile.Read(ref _last[sender])) _ended++;
        return true;
    }

    /// <summary>Makes what <see cref="TryRecord"/> saw since the last call visible: lines first, then ended senders.</summary>
    public void Publish()
    {
        if (_lines > 0) Lines.Add(_lines);
        if (_ended > 0) Ended.Add(_ended);
        _lines = 0;
        _ended = 0;
    }

    /// <summary><paramref name="count"/> message frames from <paramref name="sender"/>, numbered from <paramref name="first"/>: 77 bytes each.</summary>
    public static byte[] Frames(int sender, long first, long count)
    {
        int size = Prefix.Length + 2 + 1 + 7 + Suffix.Length + 1;
        var frames = GC.AllocateUninitializedArray<byte>(checked((int)(size * count)));
        for (long i = 0; i < count; i++)
        {
            var frame = frames.AsSpan((int)(i * size), size);
            Prefix.CopyTo(frame);
            WriteDigits(frame.Slice(Prefix.Length, 2), sender);
            frame[Prefix.Length + 2] = (byte)' ';
            WriteDigits(frame.Slice(Prefix.Length + 3, 7), first + i);
            Suffix.CopyTo(frame[(Prefix.Length + 10)..]);
            frame[^1] = (byte)'\n';
        }
        return frames;
    }

    private static void WriteDigits(Span<byte> into, long value)
    {
        for (int i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (byte)('0' + value % 10);
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
