using System.Diagnostics;
using System.Net.Sockets;

namespace PeerChat.Load;

/// <summary>
/// process: the real <c>peerchat --headless</c> as a user runs it, a child process whose standard output is a pipe
/// that this tool reads (in blocks, on a thread of its own). Raw peers flood it with chat lines; the rate is lines
/// sent / seconds from the first byte sent until every sender's last line was read from the pipe, and every line
/// must arrive once, in order per sender. Three floods, each into a freshly started process, none warmed up
/// (a user's process is not): a short one (cold), a long one from 1 peer, and the same number of lines from
/// several peers. Ceiling, same run, same floods, read the same way: <c>peerchat-ceiling</c>, a minimal C# program
/// that copies each peer's lines to its standard output (bench/PeerChat.Ceiling).
/// </summary>
public static class ProcessFlood
{
    private sealed record Flood(long Sent, double Seconds, long Arrived, long OutOfOrder, ProcessCounters Cost)
    {
        public double Rate => Sent / Seconds;
        public long LostOrDisordered => Sent - Arrived + OutOfOrder;
        public double WritesPerThousand => Cost.WriteCalls * 1000.0 / Sent;
        public double CpuMicrosPerLine => Cost.Cpu.TotalSeconds * 1e6 / Sent;
    }

    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        long lines = scale.ProcessLines, cold = scale.ProcessColdLines;
        int peers = scale.ProcessPeers;
        long perPeer = lines / peers;
        Log.Info($"process: peerchat --headless and peerchat-ceiling as child processes, stdout to a pipe; floods of {cold:N0} lines (cold), "
                 + $"{lines:N0} from 1 peer, {perPeer * peers:N0} from {peers} peers; each into a fresh process");

        var (coldNode, coldCeiling) = await BothAsync($"{cold:N0} lines, 1 peer", [FloodLines.Frames(0, 0, cold)], scale);
        var (oneNode, oneCeiling) = await BothAsync($"{lines:N0} lines, 1 peer", [FloodLines.Frames(0, 0, lines)], scale);
        var (manyNode, manyCeiling) = await BothAsync($"{perPeer * peers:N0} lines, {peers} peers",
            [.. Enumerable.Range(0, peers).Select(p => FloodLines.Frames(p, 0, perPeer))], scale);

        bool judged = !scale.Quick;
        Flood[] node = [coldNode, oneNode, manyNode], ceiling = [coldCeiling, oneCeiling, manyCeiling];
        table.Add(new Row("process", $"1 peer, {lines:N0} lines to the stdout pipe", "lines/s", oneNode.Rate, oneCeiling.Rate, ">= 3,000,000",
            judged ? oneNode.Rate >= 3_000_000 : null));
        table.Add(new Row("process", $"{peers} peers, {perPeer * peers:N0} lines in all", "lines/s", manyNode.Rate, manyCeiling.Rate, "-", null));
        table.Add(new Row("process", $"{cold:N0} lines into a cold process, 1 peer", "lines/s", coldNode.Rate, coldCeiling.Rate, ">= 1,500,000",
            judged ? coldNode.Rate >= 1_500_000 : null));
        double peak = node.Max(f => f.Cost.Memory.PeakRssMiB);
        table.Add(new Row("process", "peak RSS of a flooded process (VmHWM)", "MiB", peak, ceiling.Max(f => f.Cost.Memory.PeakRssMiB), "< 150 MiB",
            judged ? peak < 150 : null));
        long wrong = node.Sum(f => f.LostOrDisordered);
        table.Add(new Row("process", "lines lost or out of order, all floods", "lines", wrong, ceiling.Sum(f => f.LostOrDisordered), "0",
            judged ? wrong == 0 : null));
        table.Add(new Row("process", $"write calls per 1,000 lines (1 peer, {lines:N0})", "calls", oneNode.WritesPerThousand, oneCeiling.WritesPerThousand, "-", null));
        table.Add(new Row("process", $"process CPU per line (1 peer, {lines:N0})", "µs", oneNode.CpuMicrosPerLine, oneCeiling.CpuMicrosPerLine, "-", null));
    }

    /// <summary>The ceiling, then peerchat, each a fresh process flooded with <paramref name="data"/> (one array per peer).</summary>
    private static async Task<(Flood Node, Flood Ceiling)> BothAsync(string what, byte[][] data, Scale scale)
    {
        var ceiling = await FloodAsync("peerchat-ceiling", data, scale);
        var node = await FloodAsync("peerchat", data, scale);
        Log.Info($"  {what}: peerchat at {node.Rate / ceiling.Rate:P0} of the ceiling");
        return (node, ceiling);
    }

    private static async Task<Flood> FloodAsync(string program, byte[][] data, Scale scale)
    {
        bool ceiling = program == "peerchat-ceiling";
        int peers = data.Length;
        long perPeer = data[0].AsSpan().Count((byte)'\n'); // every peer sends as many
        long sent = perPeer * peers;

        await using var target = ceiling ? await PeerchatProcess.StartCeilingAsync(scale.StepTimeout)
            : await PeerchatProcess.StartAsync("flooded", [], scale.StepTimeout);
        Socket[] senders = await Net.ForEachAsync(peers, peers, i => RawPeer.JoinAsync(target.Port, $"flood{i}", RawPeer.AdvertisedPort(i)));
        try
        {
            if (!ceiling) await target.Members.WhenAtLeast(peers).Within(scale.StepTimeout, $"{peers} raw peers to join");
            for (int i = 0; i < peers; i++) target.Flood.Expect(i, perPeer - 1);
            var ended = target.Flood.Ended.WhenAtLeast(peers);
            var before = target.Counters();
            var tool = Cpu.Start(); // this process: the raw peers sending and the pipe's reader

            long start = Stopwatch.GetTimestamp();
            var sends = Task.WhenAll(senders.Select((socket, i) => Net.SendAllAsync(socket, data[i])));
            long end;
            try
            {
                end = await ended.WaitAsync(scale.StepTimeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{program}: {target.Flood.Lines.Value:N0} of {sent:N0} lines arrived within {scale.StepTimeout.TotalSeconds:0}s");
            }
            await sends;
            var cost = target.Counters() - before;
            double toolMicros = tool.Seconds * 1e6 / sent;

            var flood = new Flood(sent, Stopwatch.GetElapsedTime(start, end).TotalSeconds, target.Flood.Lines.Value, target.Flood.OutOfOrder, cost);
            Log.Info($"  {program}: {flood.Rate:N0} lines/s ({sent:N0} from {peers}); {flood.CpuMicrosPerLine:F2} µs CPU/line "
                     + $"({cost.Cpu.TotalSeconds / flood.Seconds:F2} cores busy), {flood.WritesPerThousand:F1} write calls per 1,000 lines, "
                     + $"{cost.VoluntarySwitches:N0} voluntary context switches, peak RSS {cost.Memory.PeakRssMiB:F0} MiB; "
                     + $"{sent - flood.Arrived:N0} lost, {flood.OutOfOrder:N0} out of order; started in {target.StartSeconds:F2}s; "
                     + $"this tool (senders and reader) {toolMicros:F2} µs CPU/line");
            return flood;
        }
        finally
        {
            Sockets.CloseAll(senders);
        }
    }
}
