using System.Globalization;
using System.Diagnostics;

namespace PeerChat.Load;

/// <summary>
/// <code>
/// dotnet run -c Release --project bench/PeerChat.Load                        every scenario, full size (a few minutes)
/// dotnet run -c Release --project bench/PeerChat.Load -- --quick             scaled down, under 30 s, exit 0 whatever the figures
/// dotnet run -c Release --project bench/PeerChat.Load -- --scenario fanout   one scenario (repeat or comma-separate for more)
/// </code>
/// Progress goes to stderr, the one results table to stdout. Exit 1 when a scenario fails to run
/// (error or timeout); with --strict, also 2 when a target is missed.
/// </summary>
public static class Program
{
    /// <param name="InQuickRun">False for a scenario that takes more than a few seconds even scaled down: a plain --quick skips it, --scenario still runs it.</param>
    private sealed record Scenario(string Name, string What, int Descriptors, Func<Scale, ResultTable, Task> Run, bool InQuickRun = true);

    /// <summary>Node overrides beyond the shipped defaults, per scenario: only where a default would refuse the load.</summary>
    public const string IdleOverrides = """
        peerchat.limits.max-peers = 4096
        peerchat.limits.max-pending-joins = 4096
        """;

    private static readonly Scenario[] All =
    [
        // idle first: its working-set figure is only clean in a process that has not yet run a heavy scenario.
        new("idle", "2,000 joined idle raw peers, memory per connection", 4_300, (s, t) => Idle.RunAsync(s, t, IdleOverrides)),
        new("ingest", "1 raw peer sends message frames as fast as it can", 16, (s, t) => Ingest.RunAsync("ingest", 1, s, t)),
        new("ingest-many", "16 raw peers send at once", 64, (s, t) => Ingest.RunAsync("ingest-many", s.IngestManyPeers, s, t)),
        new("fanout", "the node broadcasts to 50 raw peers", 256, Fanout.RunAsync),
        new("mesh", "20 nodes in full mesh, paced sends, latency", 1_000, (s, t) => Mesh.RunAsync("mesh", paced: true, s, t)),
        new("mesh-half", "half the mesh (10 nodes), paced: the same per-node load, a quarter of the deliveries", 1_000,
            (s, t) => Mesh.RunAsync("mesh-half", paced: true, s, t, Math.Max(2, s.MeshNodes / 2))),
        new("mesh-burst", "20 nodes in full mesh, unpaced sends, latency", 1_000, (s, t) => Mesh.RunAsync("mesh-burst", paced: false, s, t)),
        new("join", "a new node joins a 100-node mesh", 10_500, JoinMesh.RunAsync),
        // The rest run the real peerchat --headless as child processes, with the shipped defaults.
        new("join-burst", "1,000 raw peers join one peerchat process at the same moment", 1_200, JoinBurst.RunAsync),
        // Even scaled down: a node start, a room, a quiet period, the flood, newcomers' 5 s reply wait, a flooded node's slow exit.
        new("who-flood", "a member floods who: others' chat latency, node memory, joins meanwhile", 300, WhoFlood.RunAsync, InQuickRun: false),
        new("mesh16", "16 peerchat processes, each bootstrapping to the previous: convergence, every line once", 100, ProcessMesh.RunAsync),
        // What a user feels: the real program's throughput to a pipe, idle cost and start time, each next to a minimal program's.
        new("process", "peerchat --headless flooded by raw peers: lines/s to its stdout pipe, vs a minimal copier", 100, ProcessFlood.RunAsync),
        new("idle-process", "peerchat --headless with 3 idle members: CPU, RSS, wake-ups", 100, IdleProcess.RunAsync),
        new("start", "exec of peerchat to its listening event", 50, StartTime.RunAsync),
    ];

    public static async Task<int> Main(string[] args)
    {
        bool quick = false, strict = false;
        var chosen = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--strict":
                    strict = true;
                    break;
                case "--scenario" when i + 1 < args.Length:
                    chosen.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--set" when i + 1 < args.Length:
                    NodeHost.ExtraOverrides += args[++i] + "\n";
                    break;
                case "--list":
                    foreach (var s in All) Console.WriteLine($"{s.Name,-12} {s.What}{(s.InQuickRun ? "" : " (not in a plain --quick run)")}");
                    return 0;
                case "-h" or "--help":
                    Usage(Console.Out);
                    return 0;
                default:
                    Console.Error.WriteLine($"peerchat-load: unknown argument '{args[i]}'");
                    Usage(Console.Error);
                    return 64;
            }
        }

        var unknown = chosen.Where(c => All.All(s => s.Name != c)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"peerchat-load: no scenario named {string.Join(", ", unknown)}; try --list");
            return 64;
        }
        var scenarios = chosen.Count > 0 ? All.Where(s => chosen.Contains(s.Name)).ToArray()
            : quick ? All.Where(s => s.InQuickRun).ToArray()
            : All;
        var scale = quick ? Scale.QuickRun : Scale.Full;

        if (!CheckDescriptorLimit(scenarios, quick)) return 78;

        if (NodeHost.ExtraOverrides.Length > 0) Log.Info($"node overrides from --set: {NodeHost.ExtraOverrides.Trim().Replace('\n', ';')}");
        Log.Info($"peerchat-load: {(quick ? "quick" : "full")} run of {string.Join(", ", scenarios.Select(s => s.Name))} on {Environment.ProcessorCount} cores, .NET {Environment.Version}"
                 + (Debugger.IsAttached ? ", debugger attached" : "")
#if DEBUG
                 + " -- DEBUG BUILD: figures are not representative, use -c Release"
#endif
                 );

        var table = new ResultTable();
        var failed = new List<string>();
        var total = Stopwatch.StartNew();
        foreach (var scenario in scenarios)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await scenario.Run(scale, table);
            }
            catch (Exception e)
            {
                failed.Add(scenario.Name);
                table.Add(new Row(scenario.Name, "FAILED: " + e.Message, "-", double.NaN, null, "-", null));
                Log.Info($"{scenario.Name} failed: {e}");
            }
            Log.Info($"{scenario.Name} done in {watch.Elapsed.TotalSeconds:F1}s");
            GC.Collect();
            await Task.Delay(200); // let sockets of the last scenario finish closing
        }

        Log.Info($"all done in {total.Elapsed.TotalSeconds:F1}s");
        if (RawPeer.LostJoins > 0)
            table.Note($"{RawPeer.LostJoins} join(s) stalled (no join-reply) and were retried: see docs/performance.md, \"lost joins\".");
        Console.WriteLine();
        Console.WriteLine($"PeerChat load results ({(quick ? "--quick: scaled down, targets not judged" : "full")}; {Environment.ProcessorCount} cores; ratio = figure / baseline in the same run)");
        if (NodeHost.ExtraOverrides.Length > 0) Console.WriteLine($"with --set: {NodeHost.ExtraOverrides.Trim().Replace("\n", "; ")}");
        table.Print(Console.Out);

        if (failed.Count > 0) return 1;
        if (strict && !quick && table.Rows.Any(r => r.Met == false)) return 2;
        return 0;
    }

    private static void Usage(TextWriter output)
    {
        output.WriteLine("usage: peerchat-load [--quick] [--scenario NAME[,NAME...]] [--set 'HOCON'] [--strict] [--list]");
        output.WriteLine("  --quick     scaled-down counts, exit 0 whatever the figures (CI smoke test); skips " + string.Join(", ", All.Where(s => !s.InQuickRun).Select(s => s.Name)));
        output.WriteLine("  --scenario  run only these: " + string.Join(", ", All.Select(s => s.Name)));
        output.WriteLine("  --set       HOCON applied to every node last (repeatable), to try a setting: --set 'akka.io.tcp.maximum-frame-size = 16 KiB'");
        output.WriteLine("  --strict    exit 2 when a target is missed (full runs only)");
    }

    /// <summary>
    /// The idle, join and join-burst scenarios hold thousands of sockets; say so clearly before starting rather than
    /// fail midway. A peerchat child process inherits this process's limit, so one check covers both.
    /// </summary>
    private static bool CheckDescriptorLimit(IEnumerable<Scenario> scenarios, bool quick)
    {
        long needed = scenarios.Max(s => quick ? Math.Min(s.Descriptors, 1_000) : s.Descriptors) + 200;
        long? limit = OpenFileLimit();
        if (limit is null || limit >= needed) return true;
        Console.Error.WriteLine($"peerchat-load: this process may open only {limit} files (ulimit -n), and the chosen scenarios need about {needed:N0} sockets.");
        Console.Error.WriteLine($"  Raise it first, for example:  ulimit -n {Math.Max(16_384, needed)}   (or run fewer scenarios with --scenario)");
        return false;
    }

    /// <summary>The soft RLIMIT_NOFILE of this process (the .NET runtime raises it to the hard limit at start) from /proc.</summary>
    private static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null; // not Linux: nothing to check
    }
}
