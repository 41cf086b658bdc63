using System.Globalization;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using PeerChat.Node;

namespace PeerChat.Load;

/// <summary>
/// join: a new node joins an N-node full mesh through one member (join, who, then join every listed
/// peer, peerchat.limits.max-concurrent-dials at a time); time from ConnectTo until it has PeerJoined for all N.
/// Baseline: the same handshake sequence by a plain client against N plain listeners that answer each
/// line at once (connect, join/reply, who/reply listing N-1 ports, then N-1 connect+join/reply, same concurrency).
/// </summary>
public static class JoinMesh
{
    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        int n = scale.JoinMeshSize;
        Log.Info($"join: a new node joins a {n}-node mesh");

        double baseline = await BaselineAsync(n, dials: 16, scale);
        var (joined, seenByAll, dials, build) = await NodeAsync(n, scale);

        table.Add(new Row("join", $"new node has all {n} members", "ms", joined * 1000, baseline * 1000, "< 1,000 ms", scale.Quick ? null : joined < 1.0));
        table.Add(new Row("join", $"all {n} members have the new node", "ms", seenByAll * 1000, baseline * 1000, "-", null));
        table.Add(new Row("join", $"building the {n}-node mesh (setup, one by one)", "s", build, null, "-", null));
        table.Note($"join: max-concurrent-dials = {dials} (default); the baseline dials with the same concurrency.");
    }

    private static async Task<(double Joined, double SeenByAll, int Dials, double Build)> NodeAsync(int n, Scale scale)
    {
        var hosts = await MeshBuilder.StartAsync("join-", n, scale);
        NodeHost? newcomer = null;
        try
        {
            long building = Stopwatch.GetTimestamp();
            await MeshBuilder.JoinAllAsync(hosts, scale);
            double build = Stopwatch.GetElapsedTime(building).TotalSeconds;
            Log.Info($"  {n}-node mesh built in {build:F1}s");

            newcomer = await NodeHost.StartAsync("join-new");
            var allSee = Task.WhenAll(hosts.Select(h => h.Joins.WhenAtLeast(h.Joins.Value + 1)));
            var hasAll = newcomer.Members.WhenAtLeast(n);
            long start = Stopwatch.GetTimestamp();
            newcomer.Node.Tell(new ConnectTo("127.0.0.1", hosts[0].Port));
            long end = await hasAll.Within(scale.StepTimeout, $"the new node to join {n} members (has {newcomer.Members.Value})");
            long[] seen = await allSee.Within(scale.StepTimeout, "every member to see the new node");
            double joined = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
            double seenByAll = Stopwatch.GetElapsedTime(start, seen.Max()).TotalSeconds;
            Log.Info($"  node: joined {n} in {joined * 1000:F0} ms; all members saw it after {seenByAll * 1000:F0} ms");
            return (joined, seenByAll, newcomer.Settings.MaxConcurrentDials, build);
        }
        finally
        {
            if (newcomer is not null) await newcomer.DisposeAsync();
            await MeshBuilder.StopAllAsync(hosts);
        }
    }

    private static async Task<double> BaselineAsync(int n, int dials, Scale scale)
    {
        var listeners = Enumerable.Range(0, n).Select(_ => new PlainListener()).ToArray();
        var ports = listeners.Select(l => l.Port).ToArray();
        using var stop = new CancellationTokenSource();
        var open = new List<Socket>();
        var serving = listeners.Select((l, i) => ServeAsync(l, i, ports, open, stop.Token)).ToArray();
        var mine = new List<Socket>();
        try
        {
            async Task<Socket> Handshake(int port)
            {
                var socket = await Net.ConnectAsync(port);
                lock (mine) mine.Add(socket);
                await Net.SendLineAsync(socket, """{"type":"join","name":"new","age":"30","zip":"12345","port":"1"}""");
                await Net.ReadLineAsync(socket);
                return socket;
            }

            // Warm-up (JIT): one handshake and who against listener 0.
            var warm = await Handshake(ports[0]);
            await Net.SendLineAsync(warm, """{"type":"who"}""");
            await Net.ReadLineAsync(warm);

            long start = Stopwatch.GetTimestamp();
            var first = await Handshake(ports[0]);
            await Net.SendLineAsync(first, """{"type":"who"}""");
            using var reply = JsonDocument.Parse(await Net.ReadLineAsync(first));
            var listed = reply.RootElement.GetProperty("peers").EnumerateArray().Select(p => int.Parse(p.GetProperty("port").GetString()!, CultureInfo.InvariantCulture)).ToArray();
            await Net.ForEachAsync(listed.Length, dials, i => Handshake(listed[i]));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Log.Info($"  baseline (plain sockets, same handshakes): {seconds * 1000:F1} ms");
            return seconds;
        }
        finally
        {
            await stop.CancelAsync();
            lock (open) Sockets.CloseAll(open);
            Sockets.CloseAll(mine);
            foreach (var listener in listeners) listener.Dispose();
            await Task.WhenAll(serving).ContinueWith(_ => { });
        }
    }

    /// <summary>A plain member: answers each join with a join-reply line and each who with the other listeners' ports.</summary>
    private static async Task ServeAsync(PlainListener listener, int self, int[] ports, List<Socket> open, CancellationToken stop)
    {
        string peers = string.Join(",", ports.Where((_, i) => i != self).Select(p => $$"""{"ip":"127.0.0.1","port":"{{p}}"}"""));
        string whoReply = $$"""{"type":"who-reply","peers":[{{peers}}]}""";
        string joinReply = $$"""{"type":"join-reply","name":"m{{self}}","age":"30","zip":"12345","port":"{{ports[self]}}"}""";
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stop);
                lock (open) open.Add(socket);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            string line = await Net.ReadLineAsync(socket, stop);
                            await Net.SendLineAsync(socket, line.Contains("\"who\"") ? whoReply : joinReply);
                        }
                    }
                    catch (Exception) { } // closed or cancelled: this member is done
                }, stop);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
    }
}
