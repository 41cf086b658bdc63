using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using PeerChat.App.Tui;
using PeerChat.Node;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using ConfigLoader = PeerChat.App.ConfigLoader;

namespace PeerChat.Tui.Tests.Support;

/// <summary>
/// The chat screen wired as <see cref="TuiSession"/> wires it (node, bridge, batcher, gateway,
/// <see cref="ChatWindow"/>), with a real node on loopback port 0 and Terminal.Gui headless: the
/// ANSI driver without terminal IO (<c>DisableRealDriverIO=1</c>), virtual time, keys injected,
/// the screen read back from the driver. The test thread is the UI thread; <see cref="Pump"/> runs
/// one main-loop iteration (queued <c>app.Invoke</c>s, then layout and draw). Tests must not await
/// once the screen has begun: <c>app.Begin</c> installs the main loop's SynchronizationContext on
/// this thread, and a continuation posted there runs only when the test pumps.
/// </summary>
internal sealed class ScreenHarness : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly SessionToken? _token;
    private bool _ended;

    private ScreenHarness(ActorSystem system, IActorRef node, IActorRef bridge, EventBatcher batcher, int port,
        ChatScreenModel model, NodeGateway gateway, IApplication app, ChatWindow window)
    {
        System = system;
        Node = node;
        Bridge = bridge;
        Batcher = batcher;
        Port = port;
        Model = model;
        Gateway = gateway;
        App = app;
        Window = window;
        _token = app.Begin(window);
        Pump(); // the events so far (the listening line)
    }

    public ActorSystem System { get; }
    public IActorRef Node { get; }
    public IActorRef Bridge { get; }
    public EventBatcher Batcher { get; }
    public int Port { get; }
    public ChatScreenModel Model { get; }
    public NodeGateway Gateway { get; }
    public IApplication App { get; }
    public ChatWindow Window { get; }

    /// <summary>The screen's clock: it moves only when a test says (<see cref="TerminalBytes.Idle"/>).</summary>
    public required VirtualTimeProvider Time { get; init; }

    /// <summary>Everything the screen wrote to the terminal outside its cells: title, bell, focus-report switches.</summary>
    public required StringBuilder TerminalOutput { get; init; }

    public static string NodeConfig(string name, string extra = "") =>
        $$"""
          peerchat {
            identity { name = {{ConfigLoader.Quote(name)}}, age = 42, zip = "54321" }
            listen { host = "127.0.0.1", port = 0 }
            mesh-repair.enabled = off
            timeouts.quit = 1s
          }
          akka.loglevel = WARNING
          {{extra}}
          """;

    public static ScreenHarness Start(string name = "Me", int columns = 100, int rows = 30, string extraConfig = "",
        TuiSettings? tui = null, Transcript? transcript = null)
    {
        var config = ConfigurationFactory.ParseString(NodeConfig(name, extraConfig)).WithFallback(NodeSettings.DefaultConfig);
        var settings = NodeSettings.Create(config);
        tui ??= new TuiSettings { LogPath = "" };
        var host = NodeHost.Create("tui-test", config, settings with { Paced = true });
        var system = host.System;
        var (batcher, startup, bridge, node) = BridgedNode.Start(host, transcript);
        if (!startup.Listening.Wait(Timeout)) throw new Xunit.Sdk.XunitException("the node did not listen");
        var port = startup.Listening.Result.Port;

        Application.SetDefaultKeyBinding(Command.Quit, Bind.All(Key.Q.WithCtrl));
        var time = new VirtualTimeProvider();
        var app = Application.Create(time).Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(columns, rows);
        var model = new ChatScreenModel(settings, tui);
        var gateway = new NodeGateway(node, bridge, settings);
        var terminal = new StringBuilder();
        var window = new ChatWindow(app, model, gateway, ShownBatches.Shown, sequence => terminal.Append(sequence));
        batcher.Attach(action => app.Invoke(action), window.ApplyBatch);
        return new ScreenHarness(system, node, bridge, batcher, port, model, gateway, app, window) { Time = time, TerminalOutput = terminal };
    }

    /// <summary>One main-loop iteration: run what was handed to the UI thread, then lay out and draw.</summary>
    public void Pump()
    {
        App.TimedEvents!.RunTimers();
        App.LayoutAndDraw(true);
    }

    /// <summary>One iteration as the real main loop runs it (drawing only what changed), timed: how long the queued work (event batches) took, and how long layout and drawing.</summary>
    public (TimeSpan Work, TimeSpan Draw) TimedPump()
    {
        var start = Stopwatch.GetTimestamp();
        App.TimedEvents!.RunTimers();
        var work = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        App.LayoutAndDraw(false); // as the main loop does: only what changed
        return (work, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>The screen as text, one line per row, after a <see cref="Pump"/>.</summary>
    public string Screen
    {
        get
        {
            Pump();
            return App.Driver!.ToString() ?? "";
        }
    }

    /// <summary>The screen's rows (exactly as many as the screen has).</summary>
    public string[] ScreenLines => Screen.Replace("\r", "").TrimEnd('\n').Split('\n');

    /// <summary>Pumps until <paramref name="condition"/> holds for the screen text (real time: the node runs for real).</summary>
    public string WaitFor(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        string screen;
        while (!condition(screen = Screen))
        {
            if (limit.Elapsed > (timeout ?? Timeout)) throw new Xunit.Sdk.XunitException($"waited {limit.Elapsed.TotalSeconds:0.0} s for {what}; the screen:\n{screen}");
            Thread.Sleep(10);
        }
        return screen;
    }

    public string WaitForText(string text, TimeSpan? timeout = null) => WaitFor(s => s.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    /// <summary>Pumps until <paramref name="condition"/> holds (state, not screen).</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > (timeout ?? Timeout)) throw new Xunit.Sdk.XunitException($"waited {limit.Elapsed.TotalSeconds:0.0} s for {what}; the screen:\n{App.Driver!.ToString()}");
            Pump();
            Thread.Sleep(10);
        }
        Pump();
    }

    /// <summary>Types <paramref name="text"/> key by key, as a person would.</summary>
    public void Type(string text)
    {
        foreach (var c in text) App.InjectKey(new Key(c));
    }

    public void Press(Key key) => App.InjectKey(key);

    /// <summary>
    /// Raw input from the terminal (escape sequences as a terminal sends them) through Terminal.Gui's
    /// own input parser; the clock then moves past its escape timeout so nothing stays held back.
    /// </summary>
    public void TerminalSends(string raw)
    {
        var input = (InputProcessorImpl<char>)App.Driver!.GetInputProcessor();
        foreach (var c in raw) input.InputQueue.Enqueue(c);
        input.ProcessQueue();
        Time.Advance(TimeSpan.FromMilliseconds(500));
        input.ProcessQueue();
        Pump();
    }

    /// <summary>Types a line and presses Enter.</summary>
    public void Enter(string line)
    {
        Type(line);
        Press(Key.Enter);
        Pump();
    }

    public string InputText => Window.Input.Text ?? "";

    /// <summary>The screen row holding <paramref name="text"/>, or -1.</summary>
    public int RowOf(string text)
    {
        var lines = ScreenLines;
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Contains(text, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Every cell of the screen as text, to check nothing raw (ESC, controls) reached the driver.</summary>
    public string AllCellText()
    {
        var contents = App.Driver!.Contents!;
        var b = new StringBuilder();
        for (var r = 0; r < contents.GetLength(0); r++)
            for (var c = 0; c < contents.GetLength(1); c++)
                b.Append(contents[r, c].Grapheme);
        return b.ToString();
    }

    /// <summary>Ends the session (as app.Run does when the window stops).</summary>
    public void End()
    {
        if (_ended) return;
        _ended = true;
        Batcher.Detach();
        if (_token is not null) App.End(_token);
    }

    public void Dispose()
    {
        End();
        Window.Dispose();
        App.Dispose();
        System.Terminate().Wait(TimeSpan.FromSeconds(5));
    }
}
