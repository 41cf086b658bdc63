using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PeerChat.Load;

/// <summary>
/// idle-process: what an idle <c>peerchat --headless</c> costs the machine. Watched side by side over the same
/// window: a node with three raw members joined and nothing said, a node with no peers at all, and the ceiling
/// program (bench/PeerChat.Ceiling) holding three raw peers' sockets, the least an idle .NET process can cost.
/// From /proc: CPU as a share of one core, RSS at the end, and voluntary context switches per second (each is
/// a thread going to sleep, so a wake-up to come). The raw members answer the node's mesh-repair <c>who</c>
/// with an empty who-reply, as members with no one else to name would.
/// </summary>
public static class IdleProcess
{
    private const int Members = 3;

    /// <summary>Start-up work a process is still doing after its listening event (the JIT's background recompiles) is not idle cost.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static readonly byte[] EmptyWhoReply = Encoding.UTF8.GetBytes("""{"type":"who-reply","peers":[]}""" + "\n");

    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        var window = scale.ProcessIdleWindow;
        Log.Info($"idle-process: peerchat with {Members} idle members, peerchat alone, and the ceiling with {Members} idle peers, watched for {window.TotalSeconds:0}s");
        await using var node = await PeerchatProcess.StartAsync("idle", [], scale.StepTimeout);
        await using var alone = await PeerchatProcess.StartAsync("alone", [], scale.StepTimeout);
        await using var ceiling = await PeerchatProcess.StartCeilingAsync(scale.StepTimeout);
        using var stop = new CancellationTokenSource();
        var nodeMembers = await JoinAsync(node.Port);
        var ceilingPeers = await JoinAsync(ceiling.Port);
        var answering = nodeMembers.Select(socket => AnswerWhoAsync(socket, stop.Token)).ToArray();
        try
        {
            await node.Members.WhenAtLeast(Members).Within(scale.StepTimeout, $"{Members} raw members to join");
            await Task.Delay(Settle);

            PeerchatProcess[] watched = [node, alone, ceiling];
            var before = watched.Select(p => p.Counters()).ToArray();
            long start = Stopwatch.GetTimestamp();
            await Task.Delay(window);
            var after = watched.Select(p => p.Counters()).ToArray();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var cost = after.Zip(before, (a, b) => a - b).ToArray();
            for (int i = 0; i < watched.Length; i++)
                Log.Info($"  {watched[i].Name}: {Percent(cost[i], seconds):F2}% of a core, RSS {cost[i].Memory.RssMiB:F0} MiB, "
                         + $"{cost[i].VoluntarySwitches / seconds:F1} voluntary + {cost[i].InvoluntarySwitches / seconds:F1} involuntary context switches/s");
            if (node.Members.Value != Members) throw new InvalidOperationException($"the node lost members while idle: {node.Members.Value} of {Members} left");

            bool judged = !scale.Quick;
            double cpu = Percent(cost[0], seconds), rss = cost[0].Memory.RssMiB;
            string over = $"{Members} members, {seconds:0} s";
            table.Add(new Row("idle-process", $"CPU, {over}", "% core", cpu, Percent(cost[2], seconds), "<= 0.5 %", judged ? cpu <= 0.5 : null));
            table.Add(new Row("idle-process", $"RSS, {over}", "MiB", rss, cost[2].Memory.RssMiB, "<= 64 MiB", judged ? rss <= 64 : null));
            table.Add(new Row("idle-process", $"wake-ups (voluntary context switches), {over}", "/s", cost[0].VoluntarySwitches / seconds, cost[2].VoluntarySwitches / seconds, "-", null));
            table.Add(new Row("idle-process", $"involuntary context switches (preempted or yielded), {over}", "/s", cost[0].InvoluntarySwitches / seconds, cost[2].InvoluntarySwitches / seconds, "-", null));
            table.Add(new Row("idle-process", $"CPU, no peers, {seconds:0} s", "% core", Percent(cost[1], seconds), Percent(cost[2], seconds), "-", null));
            table.Add(new Row("idle-process", $"wake-ups, no peers, {seconds:0} s", "/s", cost[1].VoluntarySwitches / seconds, cost[2].VoluntarySwitches / seconds, "-", null));
        }
        finally
        {
            await stop.CancelAsync();
            Sockets.CloseAll([.. nodeMembers, .. ceilingPeers]);
            await Task.WhenAll(answering);
        }
    }

    private static double Percent(ProcessCounters cost, double seconds) => 100 * cost.Cpu.TotalSeconds / seconds;

    private static Task<Socket[]> JoinAsync(int port) =>
        Net.ForEachAsync(Members, Members, i => RawPeer.JoinAsync(port, $"member{i}", RawPeer.AdvertisedPort(i)));

    /// <summary>Reads what the node sends a member and answers each <c>who</c>, until the socket closes or <paramref name="stop"/>.</summary>
    private static async Task AnswerWhoAsync(Socket socket, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                string line = await Net.ReadLineAsync(socket, stop);
                if (line.Contains("\"type\":\"who\"", StringComparison.Ordinal)) await Net.SendAllAsync(socket, EmptyWhoReply);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or SocketException or ObjectDisposedException)
        {
        }
    }
}
