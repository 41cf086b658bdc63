using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PeerChat.Load;

/// <summary>
/// join-burst: P raw peers dial one <c>peerchat --headless</c> process with the shipped defaults at the same
/// moment (every connect issued at once, no gate) and each sends its join. Each gets exactly one try: a
/// join-reply (admitted), end of stream or a reset before it (closed), or nothing within
/// <see cref="ReplyWait"/>. Then one admitted peer asks <c>who</c>: the reply lists every member but
/// the asker (the node is not in its own list), P - 1 when all got in. The node's memory is the
/// process's own resident set (VmRSS, and its peak VmHWM), from /proc.
/// </summary>
public static class JoinBurst
{
    private enum Outcome { Admitted, Closed, NoReply }

    /// <summary>Twice the target: a peer still waiting then is counted as never answered.</summary>
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        int p = scale.BurstPeers;
        Log.Info($"join-burst: {p:N0} raw peers join one peerchat process (default settings) at once");
        await using var node = await PeerchatProcess.StartAsync("burst", [], scale.StepTimeout);
        var idle = node.Memory();
        long logLinesBefore = node.StderrLines;

        var sockets = new Socket[p];
        var results = new (Outcome Outcome, double Seconds)[p];
        try
        {
            long start = Stopwatch.GetTimestamp();
            // Each task runs up to its connect before the next is created: all P connects leave within milliseconds.
            var joins = Enumerable.Range(0, p).Select(async i =>
            {
                sockets[i] = Net.NewSocket();
                results[i] = (await JoinOnceAsync(sockets[i], node.Port, i), Stopwatch.GetElapsedTime(start).TotalSeconds);
            }).ToArray();
            await Task.WhenAll(joins);

            var admitted = results.Where(r => r.Outcome == Outcome.Admitted).ToArray();
            int closed = results.Count(r => r.Outcome == Outcome.Closed), silent = results.Count(r => r.Outcome == Outcome.NoReply);
            double lastAdmitted = admitted.Length > 0 ? admitted.Max(r => r.Seconds) : double.NaN;
            int asker = Array.FindIndex(results, r => r.Outcome == Outcome.Admitted);
            int listed = asker < 0 ? 0 : await WhoCountAsync(sockets[asker]);
            var memory = node.Memory();
            long logLines = node.StderrLines - logLinesBefore;
            Log.Info($"  {admitted.Length} admitted (last after {lastAdmitted * 1000:F0} ms), {closed} closed or reset, {silent} no reply in {ReplyWait.TotalSeconds:0}s; "
                     + $"who lists {listed}; node RSS {idle.RssMiB:F0} MiB idle, {memory.RssMiB:F0} MiB after, peak {memory.PeakRssMiB:F0} MiB; {logLines} log lines");
            foreach (var line in node.StderrTail.TakeLast(3)) Log.Info($"  node stderr: {line}");

            bool judged = !scale.Quick;
            bool all = admitted.Length == p;
            table.Add(new Row("join-burst", $"admitted (join-reply) of {p:N0} at once", "peers", admitted.Length, null, $"{p:N0}", judged ? all : null));
            table.Add(new Row("join-burst", "closed or reset before a reply", "peers", closed, null, "0", judged ? closed == 0 : null));
            table.Add(new Row("join-burst", $"no reply within {ReplyWait.TotalSeconds:0} s", "peers", silent, null, "-", null));
            table.Add(new Row("join-burst", all ? "time until all admitted" : $"time until the last admitted (only {admitted.Length:N0})", "ms",
                lastAdmitted * 1000, null, "< 5,000 ms, all", judged ? all && lastAdmitted < 5 : null));
            table.Add(new Row("join-burst", "who-reply entries afterwards", "peers", listed, null, $"{p - 1:N0}", judged ? listed == p - 1 : null));
            table.Add(new Row("join-burst", "node peak RSS (VmHWM)", "MiB", memory.PeakRssMiB, idle.RssMiB, "< 200 MiB", judged ? memory.PeakRssMiB < 200 : null));
            table.Add(new Row("join-burst", "node log lines on stderr during the burst", "lines", logLines, null, "-", null));
        }
        finally
        {
            Sockets.CloseAll(sockets.Where(s => s is not null));
        }
    }

    private static async Task<Outcome> JoinOnceAsync(Socket socket, int port, int i)
    {
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await RawPeer.JoinOnAsync(socket, $"burst{i}", RawPeer.AdvertisedPort(i), ReplyWait);
            return Outcome.Admitted;
        }
        catch (Exception e) when (e is EndOfStreamException or SocketException)
        {
            return Outcome.Closed;
        }
        catch (OperationCanceledException)
        {
            return Outcome.NoReply;
        }
    }

    /// <summary>Sends <c>who</c> and counts the entries of the who-reply (lines before it are skipped).</summary>
    private static async Task<int> WhoCountAsync(Socket socket)
    {
        await Net.SendLineAsync(socket, """{"type":"who"}""");
        using var timeout = new CancellationTokenSource(ReplyWait);
        while (true)
        {
            string line = await Net.ReadLineAsync(socket, timeout.Token);
            if (!line.Contains("\"who-reply\"", StringComparison.Ordinal)) continue;
            using var reply = JsonDocument.Parse(line);
            return reply.RootElement.GetProperty("peers").GetArrayLength();
        }
    }
}
