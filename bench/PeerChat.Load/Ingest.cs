using System.Globalization;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PeerChat.Load;

/// <summary>
/// ingest / ingest-many: raw peers send message frames as fast as they can; the node frames, parses and
/// publishes them as MessagesReceived (one event per read), counted by an EventStream subscriber until the last one.
/// Baseline: the same bytes over the same number of plain sockets to a reader that only counts '\n'.
/// </summary>
public static class Ingest
{
    public static async Task RunAsync(string scenario, int peers, Scale scale, ResultTable table)
    {
        long perPeer = scale.IngestMessages / peers;
        long total = perPeer * peers;
        long warmPerPeer = Math.Max(1_000, perPeer / 10);

        // Every frame is built once; both runs send exactly these bytes.
        byte[][] warm = Enumerable.Range(0, peers).Select(p => Frames(p, 0, warmPerPeer)).ToArray();
        byte[][] data = Enumerable.Range(0, peers).Select(p => Frames(p, warmPerPeer, perPeer)).ToArray();
        long bytes = data.Sum(d => (long)d.Length);
        Log.Info($"{scenario}: {peers} peer(s) x {perPeer:N0} frames ({bytes / total} bytes each, {bytes / 1e6:F0} MB), after a warm-up of at least {scale.WarmUp.TotalSeconds:0.#} s ({warmPerPeer * peers:N0} frames a round)");

        // PEERCHAT_LOAD_NODE_ONLY=1 skips the baseline and breakdown runs, so a profiler attached to the whole
        // process sees only the node (the figures are then NaN: not for the results table).
        bool nodeOnly = Environment.GetEnvironmentVariable("PEERCHAT_LOAD_NODE_ONLY") == "1";
        var (baseline, baselineCpu) = nodeOnly ? (double.NaN, Cpu.Start()) : await BaselineAsync(peers, warm, data, warmPerPeer, perPeer, scale);
        var (akkaIo, akkaIoCpu) = nodeOnly ? (double.NaN, Cpu.Start()) : await AkkaIoAsync(peers, warm, data, warmPerPeer, perPeer, pullMode: false, scale);
        var (akkaIoPull, akkaIoPullCpu) = nodeOnly ? (double.NaN, Cpu.Start()) : await AkkaIoAsync(peers, warm, data, warmPerPeer, perPeer, pullMode: true, scale);
        var (node, nodeCpu) = await NodeAsync(scenario, peers, warm, data, warmPerPeer, perPeer, scale);
        var parts = peers == 1 && !nodeOnly ? await Breakdown.MeasureAsync(data[0], perPeer) : null;
        if (parts is not null)
            Log.Info($"  breakdown on one thread: frame+decode {parts.FrameDecode * 1e9:F0} ns, + EventStream.Publish {(parts.Publish - parts.FrameDecode) * 1e9:F0} ns, "
                     + $"+ a subscriber actor counting them {(parts.PublishToSubscriber - parts.Publish) * 1e9:F0} ns per message");

        double rate = total / node;
        double baseRate = total / baseline;
        bool single = peers == 1;
        table.Add(new Row(scenario, $"messages/s ({peers} peer{(single ? "" : "s")}, {total:N0} frames)", "msg/s", rate, baseRate,
            single ? ">= 1,000,000 and >= 25% of baseline" : "-",
            single && !scale.Quick ? rate >= 1_000_000 && rate / baseRate >= 0.25 : null));
        table.Add(new Row(scenario, "process CPU per message (all threads)", "µs", nodeCpu.Seconds * 1e6 / total, baselineCpu.Seconds * 1e6 / total, "-", null));
        table.Add(new Row(scenario, "allocated per message (whole process)", "B", nodeCpu.Allocated / (double)total, baselineCpu.Allocated / (double)total, "-", null));
        table.Add(new Row(scenario, "GC pauses, share of the node's run", "%", 100 * nodeCpu.PauseSeconds / node, null, "-", null));
        table.Add(new Row(scenario, "breakdown: Akka.IO reader counting '\\n' (push mode)", "lines/s", total / akkaIo, baseRate, "-", null));
        table.Add(new Row(scenario, "breakdown: Akka.IO reader CPU per line", "µs", akkaIoCpu.Seconds * 1e6 / total, baselineCpu.Seconds * 1e6 / total, "-", null));
        table.Add(new Row(scenario, "breakdown: Akka.IO reader, pull mode like the node", "lines/s", total / akkaIoPull, baseRate, "-", null));
        if (parts is not null)
        {
            table.Add(new Row(scenario, "breakdown, 1 thread, no sockets: frame + decode", "µs/msg", parts.FrameDecode * 1e6, null, "-", null));
            table.Add(new Row(scenario, "breakdown, 1 thread, no sockets: + EventStream.Publish", "µs/msg", parts.Publish * 1e6, null, "-", null));
            table.Add(new Row(scenario, "breakdown, 1 thread, no sockets: + subscriber actor", "µs/msg", parts.PublishToSubscriber * 1e6, null, "-", null));
        }
    }

    /// <summary>{"type":"message","message":"p01 m0000042 Hello There! Anyone up for lunch?"}: 76-78 bytes a frame.</summary>
    private static byte[] Frames(int peer, long first, long count)
    {
        var sb = new StringBuilder((int)(count * 80));
        for (long i = first; i < first + count; i++)
            sb.Append("{\"type\":\"message\",\"message\":\"p").Append(peer.ToString("D2", CultureInfo.InvariantCulture)).Append(" m").Append(i.ToString("D7", CultureInfo.InvariantCulture))
              .Append(" Hello There! Anyone up for lunch?\"}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Sends the warm-up frames round after round until <see cref="Scale.WarmUp"/> has passed (each round
    /// awaited with <paramref name="seen"/>(lines per peer so far)), so the JIT has compiled the hot paths
    /// at full optimisation before anything is measured. Returns the lines per peer sent.
    /// </summary>
    private static async Task<long> WarmUpAsync(Socket[] senders, byte[][] warm, long warmPerPeer, Func<long, Task> seen, string what, Scale scale)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        do
        {
            sent += warmPerPeer;
            var all = seen(sent);
            await Task.WhenAll(senders.Select((s, i) => Net.SendAllAsync(s, warm[i])));
            await all.Within(scale.StepTimeout, what);
        } while (clock.Elapsed < scale.WarmUp);
        return sent;
    }

    /// <summary>Seconds for the plain reader to count every line of <paramref name="data"/>.</summary>
    private static async Task<(double Seconds, Cpu Cpu)> BaselineAsync(int peers, byte[][] warm, byte[][] data, long warmPerPeer, long perPeer, Scale scale)
    {
        using var listener = new PlainListener();
        var pairs = await listener.PairsAsync(peers);
        try
        {
            var counters = pairs.Select(p => new LineCounter(p.Server)).ToArray();
            using var cancel = new CancellationTokenSource(scale.StepTimeout);

            long warmed = await WarmUpAsync(pairs.Select(p => p.Client).ToArray(), warm, warmPerPeer,
                target => Task.WhenAll(counters.Select(c => c.ReadUntilAsync(target, cancel.Token))), "the baseline warm-up", scale);

            var cpu = Cpu.Start();
            long start = Stopwatch.GetTimestamp();
            var reads = counters.Select(c => c.ReadUntilAsync(warmed + perPeer, cancel.Token)).ToArray();
            await Task.WhenAll(pairs.Select((p, i) => Net.SendAllAsync(p.Client, data[i])));
            long[] ends = await Task.WhenAll(reads).Within(scale.StepTimeout, "the baseline reader");
            double seconds = Stopwatch.GetElapsedTime(start, ends.Max()).TotalSeconds;
            Log.Info($"  baseline (plain newline counter): {perPeer * peers / seconds:N0} lines/s; {cpu.Describe(perPeer * peers, "line")}");
            _ = cpu.Seconds;
            return (seconds, cpu);
        }
        finally
        {
            Sockets.CloseAll(pairs.SelectMany(p => new[] { p.Client, p.Server }));
        }
    }

    /// <summary>Seconds for an Akka.IO connection actor (node's TCP settings) to count every line.</summary>
    private static async Task<(double Seconds, Cpu Cpu)> AkkaIoAsync(int peers, byte[][] warm, byte[][] data, long warmPerPeer, long perPeer, bool pullMode, Scale scale)
    {
        await using var reader = await AkkaIoReader.StartAsync(pullMode);
        var sockets = await Net.ForEachAsync(peers, 16, _ => Net.ConnectAsync(reader.Port));
        try
        {
            long warmed = await WarmUpAsync(sockets, warm, warmPerPeer, target => reader.Lines.WhenAtLeast(target * peers), "the Akka.IO reader warm-up", scale);

            long reads = reader.Reads.Value;
            var cpu = Cpu.Start();
            long start = Stopwatch.GetTimestamp();
            var last = reader.Lines.WhenAtLeast((warmed + perPeer) * peers);
            await Task.WhenAll(sockets.Select((s, i) => Net.SendAllAsync(s, data[i])));
            long end = await last.Within(scale.StepTimeout, "the Akka.IO reader");
            double seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
            long count = reader.Reads.Value - reads;
            Log.Info($"  Akka.IO reader ({(pullMode ? "pull" : "push")} mode): {perPeer * peers / seconds:N0} lines/s, {count:N0} reads of {data.Sum(d => (long)d.Length) / Math.Max(1, count):N0} bytes on average; {cpu.Describe(perPeer * peers, "line")}");
            _ = cpu.Seconds;
            return (seconds, cpu);
        }
        finally
        {
            Sockets.CloseAll(sockets);
        }
    }

    /// <summary>Seconds from the first byte sent until the node has published the last chat line.</summary>
    private static async Task<(double Seconds, Cpu Cpu)> NodeAsync(string scenario, int peers, byte[][] warm, byte[][] data, long warmPerPeer, long perPeer, Scale scale)
    {
        await using var host = await NodeHost.StartAsync(scenario);
        Socket[] sockets = await Net.ForEachAsync(peers, 16, i => RawPeer.JoinAsync(host.Port, $"sender{i}", RawPeer.AdvertisedPort(i)));
        try
        {
            await host.Members.WhenAtLeast(peers).Within(scale.StepTimeout, "the raw peers to join");

            long warmed = await WarmUpAsync(sockets, warm, warmPerPeer, target => host.Messages.WhenAtLeast(target * peers), "the node's warm-up events", scale);

            var cpu = Cpu.Start();
            long start = Stopwatch.GetTimestamp();
            var last = host.Messages.WhenAtLeast((warmed + perPeer) * peers);
            var sends = Task.WhenAll(sockets.Select((s, i) => Net.SendAllAsync(s, data[i])));
            long end = await last.Within(scale.StepTimeout, $"chat line #{(warmed + perPeer) * peers:N0} (got {host.Messages.Value:N0})");
            await sends;
            double seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
            Log.Info($"  node: {perPeer * peers / seconds:N0} messages/s; {cpu.Describe(perPeer * peers, "message")}");
            _ = cpu.Seconds;
            return (seconds, cpu);
        }
        finally
        {
            Sockets.CloseAll(sockets);
        }
    }
}
