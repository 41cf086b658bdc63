using System.Globalization;
using System.Diagnostics;

namespace PeerChat.Load;

/// <summary>
/// mesh16: N <c>peerchat --headless</c> processes on loopback, each started with <c>--connect</c> to the one
/// before it (the only address it is given); converged when every node's events show N - 1 members. Then
/// every node says M numbered lines and a last "done" line on its standard input, and each node's
/// <c>message</c> events are counted per sender and number: once is a delivery, more is a duplicate.
/// Lines on one connection arrive in order, so once a node has every other node's "done", whatever
/// they sent before it has arrived too.
/// </summary>
public static class ProcessMesh
{
    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        int n = scale.ProcessMeshNodes, m = scale.ProcessMeshLines;
        long expected = (long)n * (n - 1) * m;
        Log.Info($"mesh16: {n} peerchat processes, each bootstrapping to the previous; then {m} lines from each ({expected:N0} deliveries)");
        var nodes = new List<PeerchatProcess>();
        try
        {
            var counts = new Counts(n, m);
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                string[] bootstrap = i == 0 ? [] : ["--connect", $"127.0.0.1:{nodes[i - 1].Port}"];
                var node = await PeerchatProcess.StartAsync($"p{i:D2}", bootstrap, scale.StepTimeout);
                int receiver = i;
                node.OnMessage = (_, text, _) => counts.Record(receiver, text);
                nodes.Add(node);
            }
            long lastStarted = Stopwatch.GetTimestamp();
            double startSeconds = Stopwatch.GetElapsedTime(started, lastStarted).TotalSeconds;

            var converging = Task.WhenAll(nodes.Select(node => node.Members.WhenAtLeast(n - 1)));
            bool converged = await Task.WhenAny(converging, Task.Delay(scale.StepTimeout)) == converging;
            double convergedAfter = converged ? Stopwatch.GetElapsedTime(lastStarted, converging.Result.Max()).TotalSeconds : double.NaN;
            Log.Info(converged
                ? $"  started one by one in {startSeconds:F1}s; every node had {n - 1} members {convergedAfter * 1000:F0} ms after the last started"
                : $"  not converged after {scale.StepTimeout.TotalSeconds:0}s: members {string.Join(" ", nodes.Select(x => x.Members.Value))}");

            bool complete = false;
            if (converged)
            {
                var allDone = counts.Done.WhenAtLeast((long)n * (n - 1));
                for (int i = 0; i < n; i++)
                {
                    for (int k = 0; k < m; k++) nodes[i].Say($"m{i:D2} {k}");
                    nodes[i].Say($"m{i:D2} done");
                }
                complete = await Task.WhenAny(allDone, Task.Delay(scale.StepTimeout)) == allDone;
                if (!complete) Log.Info($"  only {counts.Done.Value} of {n * (n - 1)} 'done' lines arrived within {scale.StepTimeout.TotalSeconds:0}s");
            }
            Log.Info($"  delivered {counts.Delivered.Value:N0} of {expected:N0}, {counts.Duplicates.Value} duplicates; peak RSS per node up to "
                     + $"{nodes.Max(x => x.Memory().PeakRssMiB):F0} MiB; {nodes.Sum(x => x.ErrorEvents)} error events");

            bool judged = !scale.Quick;
            table.Add(new Row("mesh16", $"all {n} have {n - 1} members, after the last started", "ms", convergedAfter * 1000, null, "converges",
                judged ? converged : null));
            table.Add(new Row("mesh16", $"starting {n} processes, each joining the previous", "s", startSeconds, null, "-", null));
            table.Add(new Row("mesh16", $"lines delivered ({n} x {n - 1} x {m})", "lines", counts.Delivered.Value, null, $"{expected:N0}",
                judged ? counts.Delivered.Value == expected && complete : null));
            table.Add(new Row("mesh16", "duplicate deliveries", "lines", counts.Duplicates.Value, null, "0", judged ? counts.Duplicates.Value == 0 : null));
        }
        finally
        {
            await Task.WhenAll(nodes.Select(node => node.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Per receiver, how often each sender's numbered line arrived. Each receiver records from its own output reader.</summary>
    private sealed class Counts(int n, int m)
    {
        private readonly int[,,] _seen = new int[n, n, m];

        public Counter Delivered { get; } = new();
        public Counter Duplicates { get; } = new();
        public Counter Done { get; } = new();

        /// <summary>Text is "mSS K" or "mSS done" (sender SS).</summary>
        public void Record(int receiver, string text)
        {
            int sender = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var what = text.AsSpan(4);
            if (what.SequenceEqual("done"))
            {
                Done.Add();
                return;
            }
            if (++_seen[receiver, sender, int.Parse(what, CultureInfo.InvariantCulture)] == 1) Delivered.Add();
            else Duplicates.Add();
        }
    }
}
