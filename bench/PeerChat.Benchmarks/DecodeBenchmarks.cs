using BenchmarkDotNet.Attributes;
using PeerChat.Protocol;

namespace PeerChat.Benchmarks;

/// <summary>Parse of one line of each message type (<see cref="PeerCodec.TryDecode"/>), per frame.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    [Benchmark] public PeerMessage? Join() => Decode(Frames.Join);
    [Benchmark] public PeerMessage? Join_java_order_numbers() => Decode(Frames.JoinJava);
    [Benchmark] public PeerMessage? Join_reply() => Decode(Frames.JoinReply);
    [Benchmark] public PeerMessage? Who() => Decode(Frames.Who);
    [Benchmark] public PeerMessage? Who_reply_3_peers() => Decode(Frames.WhoReply);
    [Benchmark] public PeerMessage? Leave() => Decode(Frames.Leave);
    [Benchmark(Baseline = true)] public PeerMessage? Message() => Decode(Frames.Message);
    [Benchmark] public PeerMessage? Message_escaped() => Decode(Frames.MessageEscaped);
    // What a member's connection does with a chat line: the text alone, no frame record.
    [Benchmark] public string? Message_text_only() => PeerCodec.TryDecodePlainMessage(Frames.Message, out var text) ? text : null;

    private static PeerMessage? Decode(byte[] line) => PeerCodec.TryDecode(line, out var message) ? message : null;
}
