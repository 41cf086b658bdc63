using System.Buffers;
using System.Text;

namespace PeerChat.Protocol.Tests;

/// <summary>Records every line it is given, as a copy.</summary>
internal sealed class CollectingSink : ILineSink
{
    public List<byte[]> Lines { get; } = [];

    public List<string> Texts => Lines.Select(l => Encoding.UTF8.GetString(l)).ToList();

    public void OnLine(ReadOnlySpan<byte> line) => Lines.Add(line.ToArray());
}

internal static class Bytes
{
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static string Encode(PeerMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        PeerCodec.Write(message, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static PeerMessage? Decode(string line) => PeerCodec.TryDecode(Of(line), out var message) ? message : null;

    public static PeerMessage? Decode(byte[] line) => PeerCodec.TryDecode(line, out var message) ? message : null;
}

internal static class Allocations
{
    /// <summary>
    /// Managed bytes this thread allocates per call of <paramref name="action"/>: the least of a few
    /// measurements, so one-off runtime work (JIT tier-up, type loading) does not count.
    /// </summary>
    public static long PerCall(Action action, int iterations = 2_000)
    {
        for (int i = 0; i < 500; i++) action();

        long least = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++) action();
            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / iterations);
        }

        return least;
    }
}
