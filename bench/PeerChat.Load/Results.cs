using System.Globalization;

namespace PeerChat.Load;

/// <summary>One line of the results table. <see cref="Ratio"/> is figure / baseline (same run, same machine).</summary>
public sealed record Row(string Scenario, string Figure, string Unit, double Value, double? Baseline, string Target, bool? Met)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;
}

/// <summary>Collects rows from the scenarios and prints the one table at the end.</summary>
public sealed class ResultTable
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Row> Rows => _rows;

    public void Add(Row row)
    {
        _rows.Add(row);
        Log.Info($"  {row.Scenario} {row.Figure}: {Format(row.Value)} {row.Unit}"
                 + (row.Baseline is { } b ? $" (baseline {Format(b)}, ratio {FormatRatio(row.Ratio)})" : "")
                 + (row.Met is { } m ? (m ? "  target met" : "  target MISSED") : ""));
    }

    public void Note(string note) => _notes.Add(note);

    public void Print(TextWriter output)
    {
        string[] header = ["scenario", "figure", "unit", "value", "baseline", "ratio", "target", "met?"];
        var cells = _rows.Select(r => new[]
        {
            r.Scenario, r.Figure, r.Unit, Format(r.Value),
            r.Baseline is { } b ? Format(b) : "-",
            FormatRatio(r.Ratio),
            r.Target,
            r.Met switch { true => "yes", false => "NO", null => "-" },
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        bool[] rightAligned = [false, false, false, true, true, true, false, false];

        string Line(IReadOnlyList<string> values) =>
            "| " + string.Join(" | ", values.Select((v, i) => rightAligned[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))) + " |";

        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => rightAligned[i] ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
        foreach (var row in cells) output.WriteLine(Line(row));
        foreach (var note in _notes) output.WriteLine($"note: {note}");
    }

    public static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private static string FormatRatio(double? ratio) => ratio is { } r ? r.ToString(r >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture) : "-";
}

/// <summary>Progress goes to stderr so stdout holds only the table.</summary>
public static class Log
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    public static void Info(string text) => Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds,6:F1}s] {text}");
}

/// <summary>
/// What a measured phase cost the whole process, from <see cref="Start"/> to <see cref="Stop"/>: CPU time
/// (all threads, user + system: steadier than wall time on a shared machine), bytes allocated, GC pauses
/// and collections, thread-pool work items. The stopwatch breakdown behind the results table.
/// </summary>
public sealed class Cpu
{
    private readonly (TimeSpan User, TimeSpan Kernel) _cpu0 = ProcessCpu();
    private readonly long _alloc0 = GC.GetTotalAllocatedBytes(precise: false);
    private readonly TimeSpan _pause0 = GC.GetTotalPauseDuration();
    private readonly int[] _gcs0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly long _items0 = ThreadPool.CompletedWorkItemCount;
    private readonly long _wall0 = System.Diagnostics.Stopwatch.GetTimestamp();
    private double? _seconds;

    public static Cpu Start() => new();

    /// <summary>CPU seconds of the phase (freezes every figure at the first call).</summary>
    public double Seconds => _seconds ??= Freeze();

    public long Allocated { get; private set; }
    public double PauseSeconds { get; private set; }
    public double WallSeconds { get; private set; }
    public int[] Collections { get; private set; } = [0, 0, 0];
    public long WorkItems { get; private set; }
    /// <summary>The part of <see cref="Seconds"/> spent in the kernel (system calls, scheduling, TCP).</summary>
    public double KernelSeconds { get; private set; }

    private double Freeze()
    {
        WallSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(_wall0).TotalSeconds;
        Allocated = GC.GetTotalAllocatedBytes(precise: false) - _alloc0;
        PauseSeconds = (GC.GetTotalPauseDuration() - _pause0).TotalSeconds;
        Collections = [GC.CollectionCount(0) - _gcs0[0], GC.CollectionCount(1) - _gcs0[1], GC.CollectionCount(2) - _gcs0[2]];
        WorkItems = ThreadPool.CompletedWorkItemCount - _items0;
        var (user, kernel) = ProcessCpu();
        KernelSeconds = (kernel - _cpu0.Kernel).TotalSeconds;
        return (user - _cpu0.User).TotalSeconds + KernelSeconds;
    }

    /// <summary>One log line: per-unit costs of the phase.</summary>
    public string Describe(long units, string unit)
    {
        double cpu = Seconds;
        return $"CPU {cpu * 1e6 / units:F2} µs/{unit} ({cpu / WallSeconds:F2} cores busy, {KernelSeconds / cpu:P0} of it in the kernel), {Allocated / (double)units:F0} B allocated/{unit}, "
               + $"GC pauses {PauseSeconds * 1000:F0} ms = {PauseSeconds / WallSeconds:P0} of the time (gen0/1/2: {Collections[0]}/{Collections[1]}/{Collections[2]}), "
               + $"{WorkItems / (double)units:F2} thread-pool work items/{unit}";
    }

    private static (TimeSpan User, TimeSpan Kernel) ProcessCpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (process.UserProcessorTime, process.PrivilegedProcessorTime);
    }
}
