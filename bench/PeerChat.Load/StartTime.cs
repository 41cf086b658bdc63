namespace PeerChat.Load;

/// <summary>
/// start: from starting the built program (fork and exec of its launcher) until its <c>listening</c> event is read
/// from its standard output; the median of several starts, each process quit (end of input) before the next.
/// Baseline, started in turn with it: the ceiling program (bench/PeerChat.Ceiling), what starting any small .NET program costs.
/// </summary>
public static class StartTime
{
    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        Log.Info($"start: {scale.Starts} starts each of peerchat --headless and peerchat-ceiling, in turn");
        var node = new List<double>();
        var ceiling = new List<double>();
        for (int i = 0; i < scale.Starts; i++)
        {
            await using (var started = await PeerchatProcess.StartCeilingAsync(scale.StepTimeout)) ceiling.Add(started.StartSeconds);
            await using (var started = await PeerchatProcess.StartAsync("start", [], scale.StepTimeout)) node.Add(started.StartSeconds);
        }
        Log.Info($"  peerchat: {string.Join(" ", node.Select(s => $"{s:F3}"))} s; ceiling: {string.Join(" ", ceiling.Select(s => $"{s:F3}"))} s");
        double median = Median(node);
        table.Add(new Row("start", $"exec to listening, median of {scale.Starts}", "s", median, Median(ceiling), "<= 0.15 s",
            scale.Quick ? null : median <= 0.15));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
