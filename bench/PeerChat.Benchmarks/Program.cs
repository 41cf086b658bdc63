using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PeerChat.Benchmarks;

/// <summary>
/// <code>
/// dotnet run -c Release --project bench/PeerChat.Benchmarks -- --filter '*'            full runs (minutes)
/// dotnet run -c Release --project bench/PeerChat.Benchmarks -- --quick --filter '*'    a few seconds per benchmark, in-process
/// </code>
/// Any other BenchmarkDotNet option works too (--filter '*Decode*', --job short, --list flat, …).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        args = args.Where(a => a != "--quick").ToArray();

        // Min and median beside the mean: on a shared machine the minimum is the best estimate of the uncontended cost.
        IConfig config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
        if (quick)
        {
            // In-process (no per-run project build), 1 launch, 2 warmups, 15 iterations of ~100 ms:
            // numbers within ~5-10 % of a full run, good enough to spot a regression.
            config = config.AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(15)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
                .WithId("Quick"));
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
