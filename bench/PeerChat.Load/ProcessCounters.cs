using System.Diagnostics;
using System.Globalization;

namespace PeerChat.Load;

/// <summary>A process's resident memory from /proc/PID/status: now (VmRSS) and its peak so far (VmHWM).</summary>
public readonly record struct ProcessMemory(long Rss, long PeakRss)
{
    public double RssMiB => Rss / 1024.0 / 1024.0;
    public double PeakRssMiB => PeakRss / 1024.0 / 1024.0;

    /// <summary>Zeros where /proc is not there (not Linux): the memory rows then read 0.</summary>
    public static ProcessMemory Of(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in Proc.Lines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Proc.Number(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Proc.Number(line) * 1024;
        }
        return new ProcessMemory(rss, peak);
    }
}

/// <summary>
/// What a child process has used so far, from /proc: CPU time (user + system, all threads), context switches per
/// live thread (/proc/PID/task/TID/status; a voluntary one is a thread going to sleep, so each is one wake-up
/// later), and write system calls (<c>syscw</c> in /proc/PID/io: write(2) and its kin, not sendmsg).
/// Differences of two readings are what a phase cost. Zeros where /proc is not there.
/// </summary>
public sealed record ProcessCounters(TimeSpan Cpu, IReadOnlyDictionary<int, (long Voluntary, long Involuntary)> Threads, long WriteCalls, ProcessMemory Memory)
{
    public long VoluntarySwitches => Threads.Values.Sum(t => t.Voluntary);
    public long InvoluntarySwitches => Threads.Values.Sum(t => t.Involuntary);

    public static ProcessCounters Of(Process process)
    {
        int pid = process.Id;
        process.Refresh();
        TimeSpan cpu;
        try
        {
            cpu = process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            cpu = TimeSpan.Zero; // exited
        }

        var threads = new Dictionary<int, (long, long)>();
        foreach (var thread in Proc.Directories($"/proc/{pid}/task"))
        {
            long voluntary = 0, involuntary = 0;
            foreach (var line in Proc.Lines(Path.Combine(thread, "status")))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)) voluntary = Proc.Number(line);
                else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal)) involuntary = Proc.Number(line);
            }
            threads[int.Parse(Path.GetFileName(thread), CultureInfo.InvariantCulture)] = (voluntary, involuntary);
        }

        long writes = 0;
        foreach (var line in Proc.Lines($"/proc/{pid}/io"))
            if (line.StartsWith("syscw:", StringComparison.Ordinal)) writes = Proc.Number(line);

        return new ProcessCounters(cpu, threads, writes, ProcessMemory.Of(pid));
    }

    /// <summary>
    /// Counts from <paramref name="before"/> to <paramref name="after"/>; memory is <paramref name="after"/>'s.
    /// Context switches are those of the threads alive at <paramref name="after"/> (a thread that ended in between takes its count with it).
    /// </summary>
    public static ProcessCounters operator -(ProcessCounters after, ProcessCounters before) =>
        new(after.Cpu - before.Cpu,
            after.Threads.ToDictionary(t => t.Key, t => before.Threads.TryGetValue(t.Key, out var b)
                ? (t.Value.Voluntary - b.Voluntary, t.Value.Involuntary - b.Involuntary)
                : t.Value),
            after.WriteCalls - before.WriteCalls, after.Memory);
}

/// <summary>Reading /proc files that may vanish (a thread or process ending) or be unreadable.</summary>
internal static class Proc
{
    public static string[] Lines(string path) => OrNothing(() => File.ReadAllLines(path));

    public static string[] Directories(string path) => OrNothing(() => Directory.GetDirectories(path));

    private static string[] OrNothing(Func<string[]> read)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The first number after the colon: "VmHWM:    81234 kB" is 81234.</summary>
    public static long Number(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
}
