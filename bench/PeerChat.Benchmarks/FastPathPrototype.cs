using System.Buffers;
using System.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using PeerChat.Protocol;

namespace PeerChat.Benchmarks;

/// <summary>
/// A prototype of a proposed change to <see cref="PeerCodec.TryDecode"/> (not in src/): a fast path for the
/// exact shape this node and most peers write, <c>{"type":"message","message":"…"}</c> with a text that
/// needs no unescaping. Anything else returns false and would go to the full Utf8JsonReader decoder, so
/// what is accepted and how it decodes stay the same. Measured here against the current decoder.
/// </summary>
public static class FastMessageDecode
{
    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"message\",\"message\":\""u8;

    // A JSON string's raw content needs unescaping (or is invalid) only if it holds '"', '\' or a control char.
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>True with the text when <paramref name="line"/> is exactly a canonical message frame; false means "use the full decoder".</summary>
    public static bool TryDecode(ReadOnlySpan<byte> line, out string? text)
    {
        text = null;
        if (line.Length < Prefix.Length + 2 || !line.StartsWith(Prefix) || line[^1] != (byte)'}' || line[^2] != (byte)'"') return false;
        ReadOnlySpan<byte> body = line[Prefix.Length..^2];
        if (body.ContainsAny(Special) || !Utf8.IsValid(body)) return false;
        text = Encoding.UTF8.GetString(body);
        return true;
    }
}

/// <summary>The proposed fast path against today's decoder, on the same frames (see <see cref="FastMessageDecode"/>).</summary>
[MemoryDiagnoser]
public class FastPathPrototypeBenchmarks
{
    [Benchmark(Baseline = true)]
    public PeerMessage? Message_today() => PeerCodec.TryDecode(Frames.Message, out var m) ? m : null;

    [Benchmark]
    public PeerMessage? Message_fast_path() =>
        FastMessageDecode.TryDecode(Frames.Message, out var text) ? new ChatMessage(text!) : PeerCodec.TryDecode(Frames.Message, out var m) ? m : null;

    /// <summary>A frame the fast path declines (escapes): the cost of trying it first.</summary>
    [Benchmark]
    public PeerMessage? Message_escaped_fast_path_declines() =>
        FastMessageDecode.TryDecode(Frames.MessageEscaped, out var text) ? new ChatMessage(text!) : PeerCodec.TryDecode(Frames.MessageEscaped, out var m) ? m : null;
}
