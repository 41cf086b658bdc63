using System.Diagnostics;
using System.Net.Sockets;

namespace PeerChat.Load;

/// <summary>
/// idle: P raw peers join one node and stay idle; memory per connection, from GC.GetTotalMemory(true)
/// (managed heap) and the process working set, before vs after. The raw peers live in this process too,
/// so their own sockets are measured separately (plain client sockets, same handshake) and subtracted.
/// Baseline: a plain accepted server-side socket that did the same handshake, measured the same way.
/// </summary>
public static class Idle
{
    private readonly record struct Memory(long Managed, long WorkingSet)
    {
        public static Memory Now()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }
            using var process = Process.GetCurrentProcess();
            return new Memory(GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
        }

        public static Memory operator -(Memory a, Memory b) => new(a.Managed - b.Managed, a.WorkingSet - b.WorkingSet);

        public (double Managed, double WorkingSet) PerConnectionKiB(int count) => (Managed / 1024.0 / count, WorkingSet / 1024.0 / count);
    }

    public static async Task RunAsync(Scale scale, ResultTable table, string overrides)
    {
        int p = scale.IdlePeers;
        Log.Info($"idle: {p:N0} joined idle raw peers on one node");

        var (server, client) = await BaselineAsync(p);
        var node = await NodeAsync(p, overrides, scale);

        var nodeOnly = (Managed: node.Managed - client.Managed, WorkingSet: node.WorkingSet - client.WorkingSet);
        Log.Info($"  raw client socket alone: {client.Managed:F2} KiB managed, {client.WorkingSet:F2} KiB working set (subtracted)");
        table.Add(new Row("idle", $"managed heap per joined connection ({p:N0})", "KiB", nodeOnly.Managed, server.Managed, "< 32 KiB",
            scale.Quick ? null : nodeOnly.Managed < 32));
        table.Add(new Row("idle", $"working set per joined connection ({p:N0})", "KiB", nodeOnly.WorkingSet, server.WorkingSet, "< 32 KiB",
            scale.Quick ? null : nodeOnly.WorkingSet < 32));
    }

    private static async Task<Socket[]> HandshakeAsync(int port, int count) =>
        await Net.ForEachAsync(count, 32, i => RawPeer.JoinAsync(port, $"idle{i}", RawPeer.AdvertisedPort(i)));

    /// <summary>(plain server-side socket, raw client socket) per connection, KiB.</summary>
    private static async Task<((double Managed, double WorkingSet) Server, (double Managed, double WorkingSet) Client)> BaselineAsync(int p)
    {
        using var listener = new PlainListener();
        var served = new List<Socket>();
        using var stop = new CancellationTokenSource();
        // Plain server: accept, read the join line, answer one line, then hold the socket idle.
        var serving = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await listener.AcceptAsync(stop.Token);
                    lock (served) served.Add(socket);
                    _ = Task.Run(async () =>
                    {
                        await Net.ReadLineAsync(socket);
                        await Net.SendLineAsync(socket, """{"type":"join-reply","name":"plain","age":"30","zip":"12345","port":"1"}""");
                    });
                }
            }
            catch (OperationCanceledException) { }
        });

        Socket[] clients = [];
        try
        {
            var before = Memory.Now();
            clients = await HandshakeAsync(listener.Port, p);
            await Task.Delay(200);
            var both = Memory.Now();
            lock (served) Sockets.CloseAll(served);
            var clientsOnly = Memory.Now();

            var server = (both - clientsOnly).PerConnectionKiB(p);
            var client = (clientsOnly - before).PerConnectionKiB(p);
            Log.Info($"  baseline: plain server socket {server.Managed:F2} KiB managed, {server.WorkingSet:F2} KiB working set");
            return (server, client);
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
            Sockets.CloseAll(clients);
        }
    }

    private static async Task<(double Managed, double WorkingSet)> NodeAsync(int p, string overrides, Scale scale)
    {
        await using var host = await NodeHost.StartAsync("idle", overrides);
        Socket[] clients = [];
        try
        {
            // Warm the node's connection path first (JIT, pools), then measure a fresh set.
            var warm = await HandshakeAsync(host.Port, 50);
            await host.Members.WhenAtLeast(50).Within(scale.StepTimeout, "the warm-up peers to join");
            Sockets.CloseAll(warm);
            await WaitUntil(() => host.Members.Value == 0, scale.StepTimeout, "the warm-up peers to leave");

            var before = Memory.Now();
            clients = await HandshakeAsync(host.Port, p);
            await host.Members.WhenAtLeast(p).Within(scale.StepTimeout, $"{p} raw peers to join (has {host.Members.Value})");
            await Task.Delay(500);
            var after = Memory.Now();
            var perConnection = (after - before).PerConnectionKiB(p);
            if (Environment.GetEnvironmentVariable("PEERCHAT_LOAD_HOLD") is { } hold && int.TryParse(hold, out var holdSeconds))
            {
                // A window for dotnet-gcdump / dotnet-counters against this process while the peers are joined.
                Log.Info($"  holding {holdSeconds}s with {p} joined peers (pid {Environment.ProcessId})");
                await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
            }
            Log.Info($"  node + raw client: {perConnection.Managed:F2} KiB managed, {perConnection.WorkingSet:F2} KiB working set per connection");
            return perConnection;
        }
        finally
        {
            Sockets.CloseAll(clients);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
