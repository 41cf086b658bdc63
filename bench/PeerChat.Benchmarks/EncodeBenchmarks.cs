using System.Buffers;
using BenchmarkDotNet.Attributes;
using PeerChat.Protocol;

namespace PeerChat.Benchmarks;

/// <summary>Serialize one frame of each type with <see cref="PeerCodec.Write"/> into a reused <see cref="ArrayBufferWriter{T}"/>.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);

    [Benchmark] public int Join() => Write(Frames.JoinValue);
    [Benchmark] public int Join_reply() => Write(Frames.JoinReplyValue);
    [Benchmark] public int Who() => Write(PeerChat.Protocol.Who.Instance);
    [Benchmark] public int Who_reply_3_peers() => Write(Frames.WhoReplyValue);
    [Benchmark] public int Leave() => Write(PeerChat.Protocol.Leave.Instance);
    [Benchmark(Baseline = true)] public int Message() => Write(Frames.MessageValue);
    [Benchmark] public int Message_escaped() => Write(Frames.MessageEscapedValue);

    /// <summary>What the node does per broadcast today: <see cref="PeerCodec.EncodeLine"/> (a new array per line).</summary>
    [Benchmark] public int Message_EncodeLine_new_array() => PeerCodec.EncodeLine(Frames.MessageValue).Length;

    private int Write(PeerMessage message)
    {
        _output.ResetWrittenCount();
        PeerCodec.Write(message, _output);
        return _output.WrittenCount;
    }
}
