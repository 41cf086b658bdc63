using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.Load;

/// <summary>Starting many nodes and joining them into one full mesh, as users would (each joins the first).</summary>
public static class MeshBuilder
{
    /// <summary>A member's join-reply and who-reply timeouts are 5 s each: by then a join has surely stalled.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(12);

    public static async Task<NodeHost[]> StartAsync(string prefix, int count, Scale scale, string overrides = "")
    {
        var hosts = new NodeHost[count];
        for (int i = 0; i < count; i++) hosts[i] = await NodeHost.StartAsync($"{prefix}{i:D3}", overrides);
        return hosts;
    }

    /// <summary>Each node joins the first in turn (join, who, then every listed peer) and we wait until it has them all.</summary>
    public static async Task JoinAllAsync(NodeHost[] hosts, Scale scale)
    {
        for (int i = 1; i < hosts.Length; i++)
        {
            // As a user would: if the join has not completed in a while, /connect again (counted as a lost join).
            for (int attempt = 1; ; attempt++)
            {
                hosts[i].Node.Tell(new ConnectTo("127.0.0.1", hosts[0].Port));
                var joined = hosts[i].Members.WhenAtLeast(i);
                if (attempt == 3)
                {
                    await joined.Within(scale.StepTimeout, $"{hosts[i].Name} to join {i} members (has {hosts[i].Members.Value})");
                    break;
                }
                if (await Task.WhenAny(joined, Task.Delay(RetryAfter)) == joined) break;
                RawPeer.CountLostJoin();
                Log.Info($"  {hosts[i].Name} has {hosts[i].Members.Value} of {i} members after {RetryAfter.TotalSeconds:0}s; connecting again");
            }
        }
        foreach (var host in hosts)
            await host.Members.WhenAtLeast(hosts.Length - 1).Within(scale.StepTimeout, $"{host.Name} to see the whole mesh (has {host.Members.Value})");
    }

    public static async Task StopAllAsync(IEnumerable<NodeHost> hosts) =>
        await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
}

/// <summary>
/// A warm-up round (same schedule, not recorded), then the measured one: deliveries are counted
/// separately for each, latencies are recorded only while measuring.
/// </summary>
public sealed class Phase
{
    private volatile bool _measuring;

    public Counter WarmDelivered { get; } = new();
    public Counter Delivered { get; } = new();

    public void Record(Latencies latencies, long ticks)
    {
        if (!_measuring)
        {
            WarmDelivered.Add();
            return;
        }
        latencies.Record(ticks);
        Delivered.Add();
    }

    /// <summary>Runs <paramref name="drive"/> (the warm-up sends) and waits for every delivery of it, then starts measuring.</summary>
    public async Task WarmUpAsync(int nodes, Scale scale, Func<Task> drive)
    {
        var all = WarmDelivered.WhenAtLeast((long)nodes * scale.MeshWarmUpMessages * (nodes - 1));
        await drive();
        await all.Within(scale.StepTimeout, $"the warm-up deliveries (got {WarmDelivered.Value:N0})");
        _measuring = true;
    }
}

/// <summary>Latencies (Stopwatch ticks) and their percentiles.</summary>
public sealed class Latencies
{
    private readonly long[] _ticks;
    private int _count;

    public Latencies(int capacity) => _ticks = new long[capacity];

    public int Count => Volatile.Read(ref _count);

    /// <summary>Thread-safe: many readers record at once.</summary>
    public void Record(long ticks)
    {
        int slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _ticks.Length) _ticks[slot] = ticks;
    }

    public (double P50, double P99, double Max) Milliseconds()
    {
        var sorted = _ticks.AsSpan(0, Math.Min(Count, _ticks.Length)).ToArray();
        Array.Sort(sorted);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        long At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return (Ms(At(0.50)), Ms(At(0.99)), Ms(sorted[^1]));
    }

    /// <summary>The send timestamp every mesh text starts with: 19 digits.</summary>
    public static long StampOf(ReadOnlySpan<char> text) => long.Parse(text[..19], NumberStyles.None, CultureInfo.InvariantCulture);

    public static long StampOf(ReadOnlySpan<byte> line)
    {
        // {"type":"message","message":"0000001234567890123 n03 #17 …"}: the stamp opens the message value.
        int at = line.IndexOf("\"message\":\""u8);
        return System.Buffers.Text.Utf8Parser.TryParse(line.Slice(at + 11, 19), out long stamp, out _) ? stamp : 0;
    }
}

/// <summary>
/// mesh: N nodes in one process (N ActorSystems) in full mesh; each broadcasts M messages carrying their
/// send time; every receiving node's EventStream subscriber records send-to-receipt latency.
/// Paced: each node sends at a steady rate (scale.MeshRate per second, nodes staggered), as people chat.
/// Burst: each node sends all M as fast as its window allows (a throughput test: latency is queueing).
/// Baseline: the same pattern over plain sockets (one per ordered pair), read by plain line readers.
/// </summary>
public static class Mesh
{
    public static async Task RunAsync(string scenario, bool paced, Scale scale, ResultTable table, int? nodes = null)
    {
        int n = nodes ?? scale.MeshNodes, m = scale.MeshMessages;
        int expected = n * m * (n - 1);
        string how = paced ? $"{scale.MeshRate}/s per node" : "as fast as the window allows";
        Log.Info($"{scenario}: {n} nodes, {m:N0} messages each, {how} ({expected:N0} deliveries), after a warm-up of {scale.MeshWarmUpMessages:N0} each");

        var baseline = await BaselineAsync(n, m, paced, scale);
        var node = await NodeAsync(scenario, n, m, paced, scale);
        // After the node, so the node's figures stay comparable with runs from before this column.
        var akkaIo = await AkkaIoAsync(n, m, paced, scale);

        string label = paced ? $"{scale.MeshRate}/s per node" : "burst";
        table.Add(new Row(scenario, $"latency p50 ({n} nodes, {label})", "ms", node.P50, baseline.P50, "-", null));
        bool judged = !scale.Quick && n == scale.MeshNodes;
        table.Add(new Row(scenario, $"latency p99 ({n} nodes, {label})", "ms", node.P99, baseline.P99, judged ? "< 10 ms" : "-", judged ? node.P99 < 10 : null));
        table.Add(new Row(scenario, $"latency max ({n} nodes, {label})", "ms", node.Max, baseline.Max, "-", null));
        table.Add(new Row(scenario, $"latency p99, Akka.IO alone, no PeerChat ({n} nodes, {label})", "ms", akkaIo.P99, baseline.P99, "-", null));
    }

    internal static string Text(long stamp, int node, long seq) =>
        $"{stamp.ToString("D19", CultureInfo.InvariantCulture)} n{node:D2} #{seq} Hello There! Anyone up for lunch?";

    /// <summary>Calls <paramref name="tick"/>(node, k) for every k-th message of every node: paced on a schedule, or all at once.</summary>
    public static Task Drive(int n, int m, bool paced, int rate, Action<int, int, long> tick)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (!paced)
                {
                    for (int j = 0; j < n; j++) tick(j, m, 0);
                    done.SetResult();
                    return;
                }
                // Node j's k-th message is due at start + (k + j/n) / rate seconds.
                double stepTicks = Stopwatch.Frequency / (double)rate / n;
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < m; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        long due = start + (long)((k * (long)n + j) * stepTicks);
                        // Sleep, never spin: a spinning driver takes a core from the nodes it measures. A
                        // message goes out up to a millisecond late, and later if the machine is saturated:
                        // its stamp is its due time, so that lateness counts in its latency.
                        while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                        tick(j, 1, due);
                    }
                }
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "mesh-driver" };
        thread.Start();
        return done.Task;
    }

    private static async Task<(double P50, double P99, double Max)> NodeAsync(string scenario, int n, int m, bool paced, Scale scale)
    {
        var hosts = await MeshBuilder.StartAsync($"{scenario}-", n, scale);
        try
        {
            long built = Stopwatch.GetTimestamp();
            await MeshBuilder.JoinAllAsync(hosts, scale);
            Log.Info($"  {n}-node mesh built in {Stopwatch.GetElapsedTime(built).TotalSeconds:F1}s");

            int expected = n * m * (n - 1);
            var latencies = new Latencies(expected);
            var phase = new Phase();
            foreach (var host in hosts)
                host.OnMessage = text => phase.Record(latencies, Stopwatch.GetTimestamp() - Latencies.StampOf(text));

            var senders = hosts.Select((h, j) => h.System.ActorOf(Broadcaster.Props(
                h.Node, h.Settings.MaxSendsInFlight, (seq, stamp) => Text(stamp, j, seq), new TaskCompletionSource<long>()), "load-sender")).ToArray();
            // Paced: the stamp is the due time, so a late send or waiting behind the window counts; burst: the moment each is handed to the node.
            void Tick(int j, int count, long due) => senders[j].Tell(new Broadcaster.Send(count, due));

            await phase.WarmUpAsync(n, scale, () => Drive(n, scale.MeshWarmUpMessages, paced, scale.MeshRate, Tick));
            var delivered = phase.Delivered;
            var all = delivered.WhenAtLeast(expected);
            var cpu = Cpu.Start();
            long driveStart = Stopwatch.GetTimestamp();
            await Drive(n, m, paced, scale.MeshRate, Tick);
            double driven = Stopwatch.GetElapsedTime(driveStart).TotalSeconds;
            await all.Within(scale.StepTimeout, $"{expected:N0} deliveries (got {delivered.Value:N0})");
            var result = latencies.Milliseconds();
            Log.Info($"  node: p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, max {result.Max:F2} ms; sent at {n * m / driven:N0} broadcasts/s in all; {cpu.Describe(expected, "delivery")}");
            return result;
        }
        finally
        {
            await MeshBuilder.StopAllAsync(hosts);
        }
    }

    private static async Task<(double P50, double P99, double Max)> AkkaIoAsync(int n, int m, bool paced, Scale scale)
    {
        int expected = n * m * (n - 1);
        var latencies = new Latencies(expected);
        var phase = new Phase();
        await using var mesh = await AkkaIoMesh.StartAsync(n, latencies, phase, Text, scale);
        await phase.WarmUpAsync(n, scale, () => Drive(n, scale.MeshWarmUpMessages, paced, scale.MeshRate, mesh.Tick));
        var delivered = phase.Delivered;
        var all = delivered.WhenAtLeast(expected);
        var cpu = Cpu.Start();
        long driveStart = Stopwatch.GetTimestamp();
        await Drive(n, m, paced, scale.MeshRate, mesh.Tick);
        double driven = Stopwatch.GetElapsedTime(driveStart).TotalSeconds;
        await all.Within(scale.StepTimeout, $"{expected:N0} Akka.IO deliveries (got {delivered.Value:N0})");
        var result = latencies.Milliseconds();
        Log.Info($"  Akka.IO alone: p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, max {result.Max:F2} ms; sent at {n * m / driven:N0} broadcasts/s in all; {cpu.Describe(expected, "delivery")}");
        return result;
    }

    private static async Task<(double P50, double P99, double Max)> BaselineAsync(int n, int m, bool paced, Scale scale)
    {
        var listeners = Enumerable.Range(0, n).Select(_ => new PlainListener()).ToArray();
        var outgoing = new Socket[n][];
        var accepted = new List<Socket>();
        try
        {
            // One plain socket per ordered pair (i sends to j on outgoing[i][j]).
            for (int i = 0; i < n; i++)
            {
                outgoing[i] = new Socket[n];
                for (int j = 0; j < n; j++)
                {
                    if (i == j) continue;
                    var accept = listeners[j].AcceptAsync();
                    outgoing[i][j] = await Net.ConnectAsync(listeners[j].Port);
                    accepted.Add(await accept);
                }
            }

            int expected = n * m * (n - 1);
            var latencies = new Latencies(expected);
            var phase = new Phase();
            using var cancel = new CancellationTokenSource(scale.StepTimeout + scale.StepTimeout);
            var readers = accepted.Select(s => ReadStampsAsync(s, latencies, phase, cancel.Token)).ToArray();

            // Each sender has a thread of its own, as each node has its own actors: one thread making
            // every node's 19 writes could not keep up with the schedule, and the baseline would measure that.
            var queues = Enumerable.Range(0, n).Select(_ => new System.Collections.Concurrent.BlockingCollection<(int Count, long Due)>()).ToArray();
            var sendThreads = Enumerable.Range(0, n).Select(j => new Thread(() =>
            {
                long sequence = 0;
                foreach (var (count, due) in queues[j].GetConsumingEnumerable())
                    for (int c = 0; c < count; c++)
                    {
                        long stamp = due != 0 ? due : Stopwatch.GetTimestamp();
                        byte[] line = Encoding.UTF8.GetBytes($$"""{"type":"message","message":"{{Text(stamp, j, sequence++)}}"}""" + "\n");
                        foreach (var socket in outgoing[j])
                            socket?.Send(line);
                    }
            }) { IsBackground = true, Name = $"baseline-sender-{j}" }).ToArray();
            foreach (var thread in sendThreads) thread.Start();
            void Tick(int j, int count, long due) => queues[j].Add((count, due));

            await phase.WarmUpAsync(n, scale, () => Drive(n, scale.MeshWarmUpMessages, paced, scale.MeshRate, Tick));
            var delivered = phase.Delivered;
            var all = delivered.WhenAtLeast(expected);
            var cpu = Cpu.Start();
            long driveStart = Stopwatch.GetTimestamp();
            await Drive(n, m, paced, scale.MeshRate, Tick);
            double driven = Stopwatch.GetElapsedTime(driveStart).TotalSeconds;
            await all.Within(scale.StepTimeout, $"{expected:N0} baseline deliveries (got {delivered.Value:N0})");
            _ = cpu.Seconds; // the phase ends with the last delivery, before the sockets close
            foreach (var queue in queues) queue.CompleteAdding();
            await cancel.CancelAsync();
            var result = latencies.Milliseconds();
            Log.Info($"  baseline (plain sockets): p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, max {result.Max:F2} ms; sent at {n * m / driven:N0} broadcasts/s in all; {cpu.Describe(expected, "delivery")}");
            return result;
        }
        finally
        {
            Sockets.CloseAll(accepted.Concat(outgoing.Where(o => o is not null).SelectMany(o => o).Where(s => s is not null)));
            foreach (var listener in listeners) listener.Dispose();
        }
    }

    /// <summary>A plain line reader: each read goes to a <see cref="StampedLines"/>.</summary>
    private static async Task ReadStampsAsync(Socket socket, Latencies latencies, Phase phase, CancellationToken cancel)
    {
        var buffer = new byte[Net.ChunkSize];
        var lines = new StampedLines(latencies, phase);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                if (n == 0) return;
                lines.Feed(buffer.AsSpan(0, n), Stopwatch.GetTimestamp());
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }
}

/// <summary>What a plain reader does with each read: split on '\n', keep a partial line for the next read, record each line's stamp.</summary>
public sealed class StampedLines(Latencies latencies, Phase phase)
{
    private readonly byte[] _partial = new byte[4096];
    private int _held;

    public void Feed(ReadOnlySpan<byte> data, long now)
    {
        while (true)
        {
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                data.CopyTo(_partial.AsSpan(_held));
                _held += data.Length;
                return;
            }
            ReadOnlySpan<byte> line;
            if (_held > 0)
            {
                data[..newline].CopyTo(_partial.AsSpan(_held));
                line = _partial.AsSpan(0, _held + newline);
                _held = 0;
            }
            else line = data[..newline];
            phase.Record(latencies, now - Latencies.StampOf(line));
            data = data[(newline + 1)..];
        }
    }
}
