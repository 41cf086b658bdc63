using PeerChat.Protocol;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using PeerChat.Node;
using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace PeerChat.App.Tui;

/// <summary>
/// <c>peerchat</c> without <c>--headless</c>: the chat screen on a running node. Mirrors
/// <see cref="HeadlessSession"/>: checks what the user can get wrong first (listen address, log
/// file, transcript) and reports each as one line before the screen opens; starts the node with
/// the bridge subscribed before it; opens the screen once the node listens; after Ctrl+Q (or
/// <c>/quit</c>, or SIGTERM) has said <c>leave</c> to every member, restores the terminal and stops.
/// Akka's log goes to a file (<see cref="FileLogger"/>) the whole time: the terminal belongs to the screen.
/// </summary>
internal static class TuiSession
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);
    private const int MaxScreenFailures = 20;


    /// <returns>The exit code: 0 after quitting, 2 when something the user can fix stops it from starting, 1 when the screen itself kept failing.</returns>
    public static int Run(LoadedConfig config, TuiSettings tui, TextWriter stderr)
    {
        var settings = config.Settings;
        if (HeadlessSession.BindProblem(settings.ListenHost, settings.ListenPort) is { } problem)
        {
            stderr.WriteLine($"peerchat: cannot listen on {HostPort.Format(settings.ListenHost, settings.ListenPort)}: {problem}");
            return 2;
        }
        if (FileLogger.Check(tui.LogPath) is { } logProblem)
        {
            stderr.WriteLine($"peerchat: {logProblem}");
            return 2;
        }
        Transcript? transcript = null;
        if (tui.TranscriptPath is { } transcriptPath)
        {
            var (opened, error) = Transcript.Open(transcriptPath);
            if (error is not null)
            {
                stderr.WriteLine($"peerchat: {error}");
                return 2;
            }
            transcript = opened;
        }
        using var transcriptScope = transcript;

        NodeHost host;
        try
        {
            host = NodeHost.Create("peerchat", SystemConfig(config.Config, tui), settings with { Paced = true });
        }
        catch (Exception e)
        {
            stderr.WriteLine($"peerchat: config: cannot start: {OneLine.Of(e.Message)}");
            return 2;
        }

        try
        {
            var (batcher, startup, bridge, node) = BridgedNode.Start(host, transcript);

            // No screen yet, so waiting here blocks nothing; a node that cannot listen never opens it.
            var first = Task.WhenAny(startup.Listening, startup.ListenFailed, Task.Delay(ListenTimeout)).GetAwaiter().GetResult();
            if (first == startup.ListenFailed)
            {
                var failed = startup.ListenFailed.Result;
                stderr.WriteLine($"peerchat: cannot listen on {HostPort.Format(failed.Host, failed.Port)}: {failed.Reason}");
                return 2;
            }
            if (first != startup.Listening)
            {
                stderr.WriteLine($"peerchat: the node did not start listening within {ListenTimeout.TotalSeconds:0} s (log: {tui.LogPath})");
                return 2;
            }

            var model = new ChatScreenModel(settings, tui, listening: startup.Listening.Result);
            var gateway = new NodeGateway(node, bridge, settings);
            var exit = RunScreen(host.System, model, gateway, batcher, stderr);

            if (model.FatalError is { } fatal)
            {
                stderr.WriteLine($"peerchat: {fatal}");
                return 2;
            }
            return exit;
        }
        finally
        {
            // Leave (at once if Ctrl+Q already did: the screen may have closed another way), then terminate.
            host.QuitAsync().Wait();
        }
    }

    /// <summary>The user's config with Akka's log sent to the log file instead of standard error.</summary>
    public static Config SystemConfig(Config config, TuiSettings tui) =>
        ConfigurationFactory.ParseString(
            $"""
             akka.loggers = [{ConfigLoader.Quote(FileLogger.TypeName)}]
             akka.stdout-loglevel = OFF
             {FileLogger.PathKey} = {ConfigLoader.Quote(tui.LogPath)}
             """).WithFallback(config);

    private static int RunScreen(ActorSystem system, ChatScreenModel model, NodeGateway gateway, EventBatcher batcher, TextWriter stderr)
    {
        // Esc is Terminal.Gui's default quit key: wrong for a chat input line. Ctrl+Q it is.
        Application.SetDefaultKeyBinding(Command.Quit, Bind.All(Key.Q.WithCtrl));
        // Pushed before the screen opens, popped once it has closed (the app is disposed first).
        using var title = TerminalTitle.Keep(Console.Out);
        using var idle = new IdleLoop();
        IApplication app;
        bool ownInput;
        try
        {
            (app, ownInput) = ScreenApplication.Create(idle.Wake);
            app.Init();
        }
        catch (Exception e)
        {
            stderr.WriteLine($"peerchat: cannot open the chat screen: {OneLine.Of(e.Message)} (use --headless without a terminal)");
            return 2;
        }

        var exit = 0;
        using (app)
        {
            if (!ownInput) system.Log.Warning("this Terminal.Gui has no way in for the chat screen's input: it polls the terminal 50 times a second");
            idle.Attach(app);
            idle.Resting += new MemoryAtRest().Rested;
            using var window = new ChatWindow(app, model, gateway, ShownBatches.Shown);
            batcher.Attach(action => Post(app, action), window.ApplyBatch);
            using var quit = new QuitRequest(); // SIGTERM: leave, then exit, as Ctrl+Q
            quit.Requested.ContinueWith(_ => Post(app, window.BeginQuit), TaskScheduler.Default);
            var failures = 0;
            app.Run(window, e =>
            {
                // A bug must not take the chat (and the terminal) down: log it, say so, carry on;
                // one that keeps happening ends the screen rather than looping.
                system.Log.Error(e, "the chat screen failed");
                model.Notice($"internal error: {OneLine.Of(e.Message)} (details in the log file)", error: true);
                return ++failures < MaxScreenFailures;
            });
            batcher.Detach();
            if (failures >= MaxScreenFailures) exit = 1;
        }
        if (exit != 0) stderr.WriteLine("peerchat: the chat screen kept failing; the log file has the details");
        return exit;
    }

    /// <summary><c>app.Invoke</c> that does nothing once the screen is gone.</summary>
    private static void Post(IApplication app, Action action)
    {
        try
        {
            app.Invoke(action);
        }
        catch (Exception e) when (e is NotInitializedException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

}
