using BenchmarkDotNet.Attributes;
using PeerChat.Protocol;

namespace PeerChat.Benchmarks;

/// <summary>
/// Frame splitting: <see cref="LineFramer"/> over a buffer of <see cref="Lines"/> message lines
/// (~75 bytes each). Figures are per frame (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class FramerBenchmarks
{
    public const int Lines = 1000;

    private byte[] _stream = [];
    private LineFramer _framer = null!;
    private readonly CountingSink _count = new();
    private readonly DecodingSink _decode = new();

    [GlobalSetup]
    public void Setup()
    {
        _stream = Frames.MessageStream(Lines);
        _framer = new LineFramer(1 << 20); // the default peerchat.limits.max-line-length
    }

    /// <summary>All lines in one read: every line is cut out of the caller's span, no copy.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Split_one_buffer()
    {
        _count.Lines = 0;
        _framer.Feed(_stream, _count);
        return _count.Lines;
    }

    /// <summary>The same bytes in 4 KiB reads: the line split by each read boundary is held and completed.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Split_4KiB_reads()
    {
        _count.Lines = 0;
        ReadOnlySpan<byte> rest = _stream;
        while (!rest.IsEmpty)
        {
            int n = Math.Min(4096, rest.Length);
            _framer.Feed(rest[..n], _count);
            rest = rest[n..];
        }
        return _count.Lines;
    }

    /// <summary>The node's whole read path per frame: split, then <see cref="PeerCodec.TryDecode"/> each line.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Split_and_decode_one_buffer()
    {
        _decode.Messages = 0;
        _framer.Feed(_stream, _decode);
        return _decode.Messages;
    }

    // Sealed classes, like PeerConnection (which passes itself as the sink).
    private sealed class CountingSink : ILineSink
    {
        public int Lines;
        public void OnLine(ReadOnlySpan<byte> line) => Lines++;
    }

    private sealed class DecodingSink : ILineSink
    {
        public int Messages;
        public void OnLine(ReadOnlySpan<byte> line)
        {
            if (PeerCodec.TryDecode(line, out _)) Messages++;
        }
    }
}
