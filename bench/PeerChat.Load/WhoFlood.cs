using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PeerChat.Load;

/// <summary>
/// who-flood: a room of raw peers on one <c>peerchat --headless</c> process (shipped defaults). A few of them
/// chat at a steady rate, each line carrying its due time; the node's <c>message</c> events are read from its
/// standard output and the latency is due time to that read. First a period without a flood (the baseline),
/// then the same chat while one member writes <c>who</c> requests as fast as its socket takes them and reads
/// every reply, and a newcomer joins every second. Memory is the node process's resident set, sampled.
/// </summary>
public static class WhoFlood
{
    private const int Chatters = 8;
    /// <summary>Lines per second per chatter.</summary>
    private const int ChatRate = 20;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MemorySampleEvery = TimeSpan.FromMilliseconds(100);
    private static readonly byte[] Who = Encoding.UTF8.GetBytes("{\"type\":\"who\"}\n");

    public static async Task RunAsync(Scale scale, ResultTable table)
    {
        int room = scale.WhoFloodRoom;
        var joinEvery = TimeSpan.FromSeconds(scale.Quick ? 0.5 : 1);
        Log.Info($"who-flood: {room} raw peers in one peerchat process, {Chatters} chatting at {ChatRate}/s each; "
                 + $"{scale.WhoFloodBaseline.TotalSeconds:0}s without a flood, then {scale.WhoFlood.TotalSeconds:0}s with one member flooding who");
        await using var node = await PeerchatProcess.StartAsync("flood", [], scale.StepTimeout);
        var members = await Net.ForEachAsync(room, 32, i => RawPeer.JoinAsync(node.Port, $"room{i}", RawPeer.AdvertisedPort(i)));
        var newcomers = new List<Socket>();
        try
        {
            await node.Members.WhenAtLeast(room).Within(scale.StepTimeout, $"{room} members to join (has {node.Members.Value})");
            var chat = new Chat(node, members.Take(Chatters).ToArray(), scale);

            await chat.RunAsync(WarmUp, recorded: false);
            var quiet = await chat.RunAsync(scale.WhoFloodBaseline, recorded: true);
            var before = node.Memory();

            using var stop = new CancellationTokenSource();
            var flooder = new LineCounter(members[^1]);
            var writing = FloodAsync(flooder.Socket, stop.Token);
            var reading = ReadAllAsync(flooder, stop.Token);
            var sampling = PeakRssAsync(node, stop.Token);
            var joins = JoinEveryAsync(node.Port, room, joinEvery, scale.WhoFlood, newcomers);
            long floodStart = Stopwatch.GetTimestamp();
            stop.CancelAfter(scale.WhoFlood);
            var flooded = await chat.RunAsync(scale.WhoFlood, recorded: true);
            await stop.CancelAsync(); // the chat's last lines may arrive after the flood's time is up
            double floodSeconds = Stopwatch.GetElapsedTime(floodStart).TotalSeconds;
            long whos = await writing;
            double? flooderClosed = await reading;
            long peak = await sampling;
            var joined = await joins;

            double growth = (peak - before.Rss) / 1024.0 / 1024.0;
            int admitted = joined.Count(j => j is not null);
            double slowestJoin = admitted > 0 ? joined.Where(j => j is not null).Max(j => j!.Value) * 1000 : double.NaN;
            Log.Info($"  chat p99 {quiet.P99:F1} ms quiet, {flooded.P99:F1} ms flooded (max {flooded.Max:F0} ms); flooder sent {whos:N0} who, read {flooder.Lines:N0} replies "
                     + $"in {floodSeconds:F1}s{(flooderClosed is { } c ? $" (the node closed its connection after {c:F1}s)" : "")}; node RSS {before.RssMiB:F0} MiB before, peak {peak / 1024.0 / 1024.0:F0} MiB; {admitted} of {joined.Length} joins admitted");

            bool judged = !scale.Quick;
            table.Add(new Row("who-flood", "others' chat p50 during the flood", "ms", flooded.P50, quiet.P50, "-", null));
            table.Add(new Row("who-flood", "others' chat p99 during the flood", "ms", flooded.P99, quiet.P99, "-", null));
            table.Add(new Row("who-flood", "extra chat p99 from the flood", "ms", flooded.P99 - quiet.P99, null, "< 50 ms", judged ? flooded.P99 - quiet.P99 < 50 : null));
            table.Add(new Row("who-flood", "node memory growth (peak RSS - before)", "MiB", growth, before.RssMiB, "< 50 MiB", judged ? growth < 50 : null));
            table.Add(new Row("who-flood", $"joins during the flood admitted (one per {joinEvery.TotalSeconds:0.#} s)", "peers", admitted, null,
                $"{joined.Length}", judged ? admitted == joined.Length : null));
            table.Add(new Row("who-flood", "slowest join-reply during the flood", "ms", slowestJoin, null, "-", null));
            table.Add(new Row("who-flood", "who-replies read by the flooder", "replies/s", flooder.Lines / (flooderClosed ?? floodSeconds), null, "-", null));
            if (flooderClosed is { } closed)
                table.Note($"who-flood: the node closed the flooder's connection {closed:F1} s into the flood (a {scale.WhoFlood.TotalSeconds:0} s flood).");
        }
        finally
        {
            Sockets.CloseAll(members);
            lock (newcomers) Sockets.CloseAll(newcomers);
        }
    }

    /// <summary>Writes who requests in 16 KiB writes until stopped; returns how many went out.</summary>
    private static async Task<long> FloodAsync(Socket socket, CancellationToken stop)
    {
        var buffer = Enumerable.Repeat(Who, 16 * 1024 / Who.Length).SelectMany(b => b).ToArray();
        long bytes = 0;
        try
        {
            while (true) bytes += await socket.SendAsync(buffer, SocketFlags.None, stop);
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        return bytes / Who.Length;
    }

    /// <summary>Reads replies until stopped; returns when the node closed the connection, if it did (seconds from the start).</summary>
    private static async Task<double?> ReadAllAsync(LineCounter reader, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await reader.ReadUntilAsync(long.MaxValue, stop);
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is EndOfStreamException or SocketException)
        {
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return null;
    }

    private static async Task<long> PeakRssAsync(PeerchatProcess node, CancellationToken stop)
    {
        long peak = node.Memory().Rss;
        using var timer = new PeriodicTimer(MemorySampleEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) peak = Math.Max(peak, node.Memory().Rss);
        }
        catch (OperationCanceledException) { }
        return Math.Max(peak, node.Memory().Rss);
    }

    /// <summary>A newcomer every <paramref name="every"/> for <paramref name="length"/>: its join-reply time in seconds, null when it got none.</summary>
    private static async Task<double?[]> JoinEveryAsync(int port, int first, TimeSpan every, TimeSpan length, List<Socket> sockets)
    {
        var joins = new List<Task<double?>>();
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; Stopwatch.GetElapsedTime(start) < length; k++)
        {
            var socket = Net.NewSocket();
            lock (sockets) sockets.Add(socket);
            joins.Add(JoinTimedAsync(socket, port, first + k));
            await Task.Delay(every);
        }
        return await Task.WhenAll(joins);
    }

    private static async Task<double?> JoinTimedAsync(Socket socket, int port, int index)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await RawPeer.JoinOnAsync(socket, $"newcomer{index}", RawPeer.AdvertisedPort(index), RawPeer.ReplyTimeout);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        catch (Exception e) when (e is EndOfStreamException or SocketException or OperationCanceledException)
        {
            Log.Info($"  newcomer{index}: no join-reply ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }

    /// <summary>The chatters: each sends <see cref="ChatRate"/> stamped lines a second; the node's message events are timed.</summary>
    private sealed class Chat
    {
        private readonly Socket[] _chatters;
        private readonly Scale _scale;
        private readonly Counter _delivered = new();
        private Latencies? _recording;

        public Chat(PeerchatProcess node, Socket[] chatters, Scale scale)
        {
            _chatters = chatters;
            _scale = scale;
            node.OnMessage = (_, text, read) =>
            {
                Volatile.Read(ref _recording)?.Record(read - Latencies.StampOf(text));
                _delivered.Add();
            };
        }

        /// <summary>Chats for <paramref name="length"/> and waits until the node has shown every line.</summary>
        public async Task<(double P50, double P99, double Max)> RunAsync(TimeSpan length, bool recorded)
        {
            int each = (int)(ChatRate * length.TotalSeconds);
            var latencies = new Latencies(_chatters.Length * each);
            Volatile.Write(ref _recording, recorded ? latencies : null);
            var all = _delivered.WhenAtLeast(_delivered.Value + (long)_chatters.Length * each);
            await Mesh.Drive(_chatters.Length, each, paced: true, ChatRate, (j, _, due) => _chatters[j].Send(Line(due, j)));
            await all.Within(_scale.StepTimeout, $"the node to show every chat line (has {_delivered.Value:N0})");
            return recorded ? latencies.Milliseconds() : default;
        }

        private static byte[] Line(long due, int chatter) => Encoding.UTF8.GetBytes(
            $$"""{"type":"message","message":"{{due.ToString("D19", CultureInfo.InvariantCulture)}} c{{chatter:D2}} Hello There! Anyone up for lunch?"}""" + "\n");
    }
}
