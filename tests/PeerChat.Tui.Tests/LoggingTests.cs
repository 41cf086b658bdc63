using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using PeerChat.App;
using PeerChat.App.Tui;
using PeerChat.Node;

namespace PeerChat.Tui.Tests;

/// <summary>
/// Akka's log goes to a file while the screen is up, never to the terminal; the transcript gets
/// every chat line with its full text, a received batch in one write. In the screen tests' collection:
/// these swap the process's standard error.
/// </summary>
[Collection(nameof(ScreenTests))]
public sealed class LoggingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("peerchat-tui-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Session_config_sends_akka_log_to_the_file_and_nothing_to_stderr()
    {
        var logPath = Path.Combine(_dir, "state", "peerchat", "peerchat.log");
        Assert.Null(FileLogger.Check(logPath)); // creates the directory
        var loaded = ConfigLoader.Load(new CommandLineOptions { LogLevel = "INFO", Port = 0, Host = "127.0.0.1" }, new Dictionary<string, string>());
        var config = TuiSession.SystemConfig(loaded.Loaded!.Config, new TuiSettings { LogPath = logPath });
        Assert.Equal([FileLogger.TypeName], config.GetStringList("akka.loggers"));
        Assert.Equal("INFO", config.GetString("akka.loglevel")); // --log-level

        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            var system = ActorSystem.Create("log-test", config);
            system.Log.Warning("a warning about {0}", "peer\u001b[31m");
            system.Log.Info("some info");
            system.Log.Debug("debug is below INFO");
            var text = "";
            for (var i = 0; i < 100 && !(text = Read(logPath)).Contains("some info"); i++) await Task.Delay(50);
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Contains("[WARNING]", text);
            Assert.Contains("a warning about peer␛[31m", text); // inert in the file too
            Assert.DoesNotContain("debug is below", text);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void Unwritable_log_path_is_one_line_naming_the_setting()
    {
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");
        var problem = FileLogger.Check(Path.Combine(blocker, "peerchat.log")); // a directory under a file
        Assert.NotNull(problem);
        Assert.Contains("peerchat.log.path", problem);
        Assert.DoesNotContain("\n", problem);
    }

    [Fact]
    public async Task Transcript_gets_every_chat_line_in_full_on_disk_while_still_open()
    {
        var path = Path.Combine(_dir, "t", "transcript.txt");
        var (transcript, error) = Transcript.Open(path);
        Assert.Null(error);
        var system = ActorSystem.Create("transcript-test", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(NodeSettings.DefaultConfig));
        try
        {
            var batcher = new EventBatcher();
            var time = new DateTime(2025, 6, 1, 12, 34, 56);
            var bridge = system.ActorOf(TuiBridge.Props(batcher, new TuiStartup(), transcript, "Alice", () => time));
            var bob = new PeerInfo("Bob", "1", "2", "127.0.0.1", 6000);
            var huge = new string('x', 1_000_000);
            bridge.Tell(new MessagesReceived(bob, ["hello \u001b[2J"]));
            bridge.Tell(new MessageSent("hi Bob", 1));
            bridge.Tell(new MessagesReceived(bob, [huge]));
            bridge.Tell(new PeerJoined(bob)); // not a chat line

            string[] lines = [];
            for (var i = 0; i < 100 && (lines = ReadLines(path)).Length < 3; i++) await Task.Delay(50);
            // Read while the transcript is still open: each line is already on disk.
            Assert.Equal(3, lines.Length);
            Assert.Equal("2025-06-01 12:34:56 <Bob> hello ␛[2J", lines[0]);
            Assert.Equal("2025-06-01 12:34:56 <Alice> hi Bob", lines[1]);
            Assert.Equal("2025-06-01 12:34:56 <Bob> " + huge, lines[2]);
            Assert.Equal(4, batcher.Pending); // and everything went on to the screen
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
            transcript!.Dispose();
        }
    }

    [Fact]
    public void A_received_batch_goes_to_the_transcript_in_one_write()
    {
        var path = Path.Combine(_dir, "transcript.txt");
        var (transcript, error) = Transcript.Open(path);
        Assert.Null(error);
        using (transcript)
        {
            var lines = Enumerable.Range(0, 1000).Select(i => $"line {i}").ToArray();
            var before = WriteCallsOfThisThread();
            Assert.True(transcript!.Write(new DateTime(2025, 6, 1, 12, 34, 56), "Bob", lines));
            Assert.Equal(1, WriteCallsOfThisThread() - before);
            Assert.Equal(lines.Select(l => "2025-06-01 12:34:56 <Bob> " + l), ReadLines(path));
        }
    }

    [Fact]
    public void Unopenable_transcript_is_one_line_naming_the_setting()
    {
        var (transcript, error) = Transcript.Open(_dir); // a directory
        Assert.Null(transcript);
        Assert.Contains("peerchat.transcript.path", error);
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The write system calls this thread has made (Linux keeps the count per thread).</summary>
    private static long WriteCallsOfThisThread() =>
        long.Parse(File.ReadAllLines("/proc/thread-self/io").Single(l => l.StartsWith("syscw:", StringComparison.Ordinal))["syscw:".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static string[] ReadLines(string path) =>
        File.Exists(path) ? Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
}
