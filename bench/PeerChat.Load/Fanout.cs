using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using PeerChat.Protocol;

namespace PeerChat.Load;

/// <summary>
/// fanout: the node broadcasts N messages to P joined raw peers, which read and count lines; deliveries/s
/// from the first Broadcast to the last line read by the slowest peer. Two senders:
/// paced (a front end's way: at most peerchat.send.max-in-flight Broadcasts unanswered) and unpaced (all
/// N told at once, which the node accepts: nothing is refused, it just queues).
/// Baseline: the same encoded lines written over P plain sockets in 64 KiB writes, counted the same way.
/// </summary>
public static class Fanout
{
    private static string Text(long i) => $"fanout m{i:D7} Hello There! Anyone up for lunch?";

    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        int n = scale.FanoutMessages, peers = scale.FanoutPeers;
        int warm = Math.Max(1_000, n / 10);
        long deliveries = (long)n * peers;
        Log.Info($"fanout: {n:N0} broadcasts to {peers} raw peers ({deliveries:N0} deliveries), after a warm-up of {warm:N0}");

        // PEERCHAT_LOAD_NODE_ONLY=1: only the paced node run, for a profiler (figures of the rest are NaN).
        bool nodeOnly = Environment.GetEnvironmentVariable("PEERCHAT_LOAD_NODE_ONLY") == "1";
        var (baseline, baselineCpu) = nodeOnly ? (double.NaN, Cpu.Start()) : await BaselineAsync(n, warm, peers, scale);
        var (paced, window, pacedCpu) = await NodeAsync(n, warm, peers, paced: true, scale);
        var (unpaced, _, unpacedCpu) = nodeOnly ? (double.NaN, 0, Cpu.Start()) : await NodeAsync(n, warm, peers, paced: false, scale);

        double baseRate = deliveries / baseline;
        table.Add(new Row("fanout", $"deliveries/s (paced: window {window})", "deliveries/s", deliveries / paced, baseRate,
            ">= 1,000,000", scale.Quick ? null : deliveries / paced >= 1_000_000));
        table.Add(new Row("fanout", "deliveries/s (unpaced: all told at once)", "deliveries/s", deliveries / unpaced, baseRate,
            ">= 1,000,000", scale.Quick ? null : deliveries / unpaced >= 1_000_000));
        table.Add(new Row("fanout", "process CPU per delivery (paced)", "µs", pacedCpu.Seconds * 1e6 / deliveries, baselineCpu.Seconds * 1e6 / deliveries, "-", null));
        table.Add(new Row("fanout", "allocated per delivery (paced)", "B", pacedCpu.Allocated / (double)deliveries, baselineCpu.Allocated / (double)deliveries, "-", null));
        table.Add(new Row("fanout", "process CPU per delivery (unpaced)", "µs", unpacedCpu.Seconds * 1e6 / deliveries, baselineCpu.Seconds * 1e6 / deliveries, "-", null));
    }

    private static byte[] Lines(long first, long count)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>((int)(count * 64));
        for (long i = first; i < first + count; i++) PeerCodec.Write(new ChatMessage(Text(i)), output);
        return output.WrittenSpan.ToArray();
    }

    private static async Task<(double Seconds, Cpu Cpu)> BaselineAsync(int n, int warm, int peers, Scale scale)
    {
        byte[] warmBytes = Lines(0, warm), bytes = Lines(warm, n);
        using var listener = new PlainListener();
        var pairs = await listener.PairsAsync(peers);
        try
        {
            var counters = pairs.Select(p => new LineCounter(p.Client)).ToArray();
            using var cancel = new CancellationTokenSource(scale.StepTimeout);

            var warmReads = counters.Select(c => c.ReadUntilAsync(warm, cancel.Token)).ToArray();
            await Task.WhenAll(pairs.Select(p => Net.SendAllAsync(p.Server, warmBytes)));
            await Task.WhenAll(warmReads).Within(scale.StepTimeout, "the baseline warm-up");

            var cpu = Cpu.Start();
            long start = Stopwatch.GetTimestamp();
            var reads = counters.Select(c => c.ReadUntilAsync(warm + n, cancel.Token)).ToArray();
            await Task.WhenAll(pairs.Select(p => Net.SendAllAsync(p.Server, bytes)));
            long[] ends = await Task.WhenAll(reads).Within(scale.StepTimeout, "the baseline readers");
            double seconds = Stopwatch.GetElapsedTime(start, ends.Max()).TotalSeconds;
            Log.Info($"  baseline (plain writes): {(double)n * peers / seconds:N0} deliveries/s; {cpu.Describe((long)n * peers, "delivery")}");
            _ = cpu.Seconds;
            return (seconds, cpu);
        }
        finally
        {
            Sockets.CloseAll(pairs.SelectMany(p => new[] { p.Client, p.Server }));
        }
    }

    private static async Task<(double Seconds, int Window, Cpu Cpu)> NodeAsync(int n, int warm, int peers, bool paced, Scale scale)
    {
        await using var host = await NodeHost.StartAsync(paced ? "fanout-paced" : "fanout-unpaced");
        int window = paced ? host.Settings.MaxSendsInFlight : int.MaxValue;
        Socket[] sockets = await Net.ForEachAsync(peers, 16, i => RawPeer.JoinAsync(host.Port, $"reader{i}", RawPeer.AdvertisedPort(i)));
        try
        {
            await host.Members.WhenAtLeast(peers).Within(scale.StepTimeout, "the raw peers to join");
            var counters = sockets.Select(s => new LineCounter(s)).ToArray();
            using var cancel = new CancellationTokenSource(scale.StepTimeout * 2);
            var accepted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sender = host.System.ActorOf(Broadcaster.Props(host.Node, window, (i, _) => Text(i), accepted), "load-sender");

            var warmReads = counters.Select(c => c.ReadUntilAsync(warm, cancel.Token)).ToArray();
            sender.Tell(new Broadcaster.Send(warm));
            await Task.WhenAll(warmReads).Within(scale.StepTimeout, "the warm-up deliveries");

            var cpu = Cpu.Start();
            long start = Stopwatch.GetTimestamp();
            var reads = counters.Select(c => c.ReadUntilAsync(warm + n, cancel.Token)).ToArray();
            sender.Tell(new Broadcaster.Send(n));
            long[] ends = await Task.WhenAll(reads).Within(scale.StepTimeout, $"every raw peer to read {warm + n:N0} lines (slowest has {counters.Min(c => c.Lines):N0})");
            double seconds = Stopwatch.GetElapsedTime(start, ends.Max()).TotalSeconds;
            Log.Info($"  node ({(paced ? $"paced, window {window}" : "unpaced")}): {(double)n * peers / seconds:N0} deliveries/s; {cpu.Describe((long)n * peers, "delivery")}");
            _ = cpu.Seconds;
            return (seconds, window, cpu);
        }
        finally
        {
            Sockets.CloseAll(sockets);
        }
    }
}
