using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.Load;

/// <summary>
/// A stopwatch breakdown of the node's receive path without sockets or the connection actor, on one
/// thread: the same bytes in 64 KiB reads through <see cref="LineFramer"/> and <see cref="PeerCodec.TryDecode"/>,
/// then also published as <see cref="MessagesReceived"/> (one per read) on an EventStream, then also counted by a
/// subscriber actor (until it has them all). Each step's cost is the difference to the previous one.
/// Each pass runs three times and the fastest counts: on a shared machine the minimum is the least disturbed.
/// </summary>
public static class Breakdown
{
    public sealed record Result(double FrameDecode, double Publish, double PublishToSubscriber);

    public static async Task<Result> MeasureAsync(byte[] data, long messages)
    {
        var info = new PeerInfo("sender0", "30", "12345", "127.0.0.1", 1024);
        var config = ConfigurationFactory.ParseString("akka.loglevel = ERROR").WithFallback(NodeSettings.DefaultConfig);
        var system = ActorSystem.Create("breakdown", config);
        try
        {
            // Warm each path once (JIT), then measure.
            Run(data, new DecodeSink());
            double decode = Enumerable.Range(0, 3).Min(_ => Run(data, new DecodeSink()));

            Run(data, new PublishSink(system.EventStream, info));
            double publish = Enumerable.Range(0, 3).Min(_ => Run(data, new PublishSink(system.EventStream, info)));

            var counter = new Counter();
            var tap = system.ActorOf(Props.Create(() => new CountingTap(counter)));
            system.EventStream.Subscribe(tap, typeof(MessagesReceived));
            double subscribed = double.MaxValue;
            for (int pass = 0; pass < 4; pass++)
            {
                long start = Stopwatch.GetTimestamp();
                var all = counter.WhenAtLeast((pass + 1) * messages);
                Run(data, new PublishSink(system.EventStream, info));
                long end = await all;
                if (pass > 0) subscribed = Math.Min(subscribed, Stopwatch.GetElapsedTime(start, end).TotalSeconds); // pass 0 warms up
            }

            return new Result(decode / messages, publish / messages, subscribed / messages);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static double Run<TSink>(byte[] data, TSink sink) where TSink : class, ILineSink
    {
        var framer = new LineFramer(1 << 20);
        long start = Stopwatch.GetTimestamp();
        for (int offset = 0; offset < data.Length; offset += Net.ChunkSize)
        {
            framer.Feed(data.AsSpan(offset, Math.Min(Net.ChunkSize, data.Length - offset)), sink);
            (sink as PublishSink)?.EndOfRead();
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private sealed class DecodeSink : ILineSink
    {
        public PeerMessage? Last;

        public void OnLine(ReadOnlySpan<byte> line)
        {
            if (PeerCodec.TryDecode(line, out var frame)) Last = frame;
        }
    }

    /// <summary>What PeerConnection does: decode each line, then one EventStream.Publish(new MessagesReceived(…)) per read.</summary>
    private sealed class PublishSink(Akka.Event.EventStream stream, PeerInfo from) : ILineSink
    {
        private List<string>? _chat;

        public void OnLine(ReadOnlySpan<byte> line)
        {
            if (PeerCodec.TryDecode(line, out var frame) && frame is ChatMessage chat) (_chat ??= []).Add(chat.Text);
        }

        public void EndOfRead()
        {
            if (_chat is null) return;
            stream.Publish(new MessagesReceived(from, _chat));
            _chat = null;
        }
    }

    private sealed class CountingTap(Counter counter) : UntypedActor
    {
        protected override void OnReceive(object message) => counter.Add(((MessagesReceived)message).Texts.Count);
    }
}
