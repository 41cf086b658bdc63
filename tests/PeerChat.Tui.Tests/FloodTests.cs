using System.Diagnostics;
using System.Text;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Xunit.Abstractions;

namespace PeerChat.Tui.Tests;

/// <summary>
/// A peer floods the screen with 100,000 messages while the user types. The test thread runs the
/// main loop back to back (input, queued invokes, draw), which is harder on the screen than the
/// real loop's cadence: every iteration drains whatever the bridge batched and redraws. Measured:
/// how long until every message has been shown, the slowest iteration (the worst delay a
/// keystroke can see), how far the bridge's batch grew (bounded by inbound pacing), and that not
/// one typed character was lost.
/// </summary>
[Collection(nameof(ScreenTests))]
public sealed class FloodTests(ITestOutputHelper output)
{
    private const int Messages = 100_000;

    [Fact]
    public void Hundred_thousand_messages_are_all_shown_and_typing_stays_responsive()
    {
        using var screen = ScreenHarness.Start(columns: 120, rows: 40);
        using var flood = RawPeer.Join(screen.Port, "Flood", advertisedPort: 7000);
        screen.WaitForText("Flood joined");

        var sender = new Thread(() =>
        {
            var chunk = new StringBuilder();
            for (var i = 0; i < Messages; i++)
            {
                chunk.Append("{\"type\":\"message\",\"message\":\"flood ").Append(i.ToString("000000")).Append(" the quick brown fox jumps over the lazy dog\"}\n");
                if (chunk.Length > 64 * 1024 || i == Messages - 1)
                {
                    flood.Stream.Write(Encoding.UTF8.GetBytes(chunk.ToString()));
                    chunk.Clear();
                }
            }
            flood.Stream.Flush();
        }) { IsBackground = true, Name = "flood-sender" };

        var typed = new StringBuilder();
        var iterations = 0;
        var slowest = TimeSpan.Zero;
        var maxPending = 0;
        var keyLatencies = new List<double>();
        double slowestWork = 0, slowestDraw = 0;
        var watch = Stopwatch.StartNew();
        sender.Start();
        while (screen.Model.MessagesShown < Messages)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120))
                throw new Xunit.Sdk.XunitException($"only {screen.Model.MessagesShown} of {Messages} shown after {watch.Elapsed.TotalSeconds:0} s");
            maxPending = Math.Max(maxPending, screen.Batcher.Pending);
            var start = Stopwatch.GetTimestamp();
            if (iterations % 4 == 0)
            {
                // A keystroke: handled, then drawn in this iteration. Its latency is the iteration's time.
                var c = (char)('a' + typed.Length % 26);
                screen.App.InjectKey(new Key(c));
                typed.Append(c);
            }
            var (work, draw) = screen.TimedPump();
            var took = Stopwatch.GetElapsedTime(start);
            slowestWork = Math.Max(slowestWork, work.TotalMilliseconds);
            slowestDraw = Math.Max(slowestDraw, draw.TotalMilliseconds);
            if (iterations % 4 == 0) keyLatencies.Add(took.TotalMilliseconds);
            if (took > slowest) slowest = took;
            iterations++;
        }
        var elapsed = watch.Elapsed;
        sender.Join(TimeSpan.FromSeconds(10));

        var last = $"flood {Messages - 1:000000}";
        screen.WaitForText(last);
        Assert.Equal(typed.ToString(), screen.InputText); // not one keystroke lost or reordered
        Assert.True(screen.Model.Log.Count <= 10_000);
        keyLatencies.Sort();
        var p50 = keyLatencies[keyLatencies.Count / 2];
        var p99 = keyLatencies[(int)(keyLatencies.Count * 0.99)];
        var summary =
            $"flood: {Messages:N0} messages shown in {elapsed.TotalSeconds:0.00} s ({Messages / elapsed.TotalSeconds:N0}/s); " +
            $"{iterations:N0} loop iterations (drain + draw); slowest {slowest.TotalMilliseconds:0.0} ms " +
            $"(slowest drain {slowestWork:0.0} ms, slowest draw {slowestDraw:0.0} ms); " +
            $"keystroke iteration p50 {p50:0.00} ms, p99 {p99:0.0} ms; {typed.Length} keys typed, none lost; " +
            $"largest batch waiting {maxPending:N0}; log holds {screen.Model.Log.Count:N0} lines";
        output.WriteLine(summary);

        // Generous bounds for a small shared machine; the numbers above are the measurement.
        Assert.True(elapsed < TimeSpan.FromSeconds(60), summary);
        Assert.True(slowest < TimeSpan.FromMilliseconds(750), summary);
        Assert.True(maxPending <= 40_000, summary); // inbound pacing holds the node back, memory stays bounded

        // And the screen still works: a line typed now goes out.
        screen.Window.Input.Text = "";
        screen.Enter("still alive");
        Assert.Equal("still alive", flood.Expect("message").GetProperty("message").GetString());
    }
}
