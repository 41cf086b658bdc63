using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace PeerChat.Node;

/// <summary>
/// One ActorSystem and its node, for a front end (the headless mode, the chat screen) or a test:
/// starting the node with the front end subscribed before it exists, and quitting through Akka's
/// CoordinatedShutdown: say <c>leave</c> to every member (within the quit timeout), run whatever the
/// front end added (write out its last lines, close its screen), then terminate.
/// </summary>
/// <remarks>
/// Quitting the same way whatever asked for it (<c>/quit</c>, end of input, Ctrl+Q, SIGINT or
/// SIGTERM mapped to <see cref="QuitAsync"/> by the front end; the process exiting by other means
/// runs it through Akka's CLR shutdown hook) is what makes every quit say <c>leave</c>.
/// </remarks>
public sealed class NodeHost
{
    private readonly TaskCompletionSource<ChatEvent> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IActorRef? _node;

    private NodeHost(ActorSystem system, NodeSettings settings)
    {
        System = system;
        Settings = settings;
    }

    public ActorSystem System { get; }

    public NodeSettings Settings { get; }

    /// <summary>The node actor (<c>/user/node</c>); send it the commands of <see cref="ChatNode"/>.</summary>
    public IActorRef Node => _node ?? throw new InvalidOperationException("the node is not started yet");

    /// <summary><see cref="Listening"/> once the node accepts peers, or <see cref="ListenFailed"/>.</summary>
    public Task<ChatEvent> Started => _started.Task;

    /// <summary>Completes once the ActorSystem has terminated.</summary>
    public Task Terminated => System.WhenTerminated;

    /// <summary>
    /// Creates the ActorSystem named <paramref name="name"/> on <paramref name="config"/>; the node is
    /// started by <see cref="StartNode"/>. Throws what Akka throws for a config it cannot use.
    /// </summary>
    public static NodeHost Create(string name, Config config, NodeSettings settings)
    {
        var quit = ConfigurationFactory.ParseString($$"""
            akka.coordinated-shutdown {
              exit-clr = off
              run-by-clr-shutdown-hook = on
              # Terminating the system directly is a crash on purpose (the TestKit's Kill): no leave.
              run-by-actor-system-terminate = off
              phases.before-service-unbind.timeout = {{(long)(settings.QuitTimeout + TimeSpan.FromSeconds(1)).TotalMilliseconds}}ms
            }
            """);
        var system = ActorSystem.Create(name, quit.WithFallback(config)); // not from a setup: that overload reads app.config (LogNoise)
        var host = new NodeHost(system, settings);
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "leave-network", host.LeaveAsync);
        // Stopping the node before Akka.IO's listener makes the listener warn ("Bind commander died"):
        // expected while shutting down, so only errors are logged from here on.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "quiet-log", () =>
        {
            system.EventStream.SetLogLevel(LogLevel.ErrorLevel);
            return Task.FromResult(Done.Instance);
        });
        return host;
    }

    /// <summary>
    /// Starts the node. Subscribe the front end to <see cref="ChatEvent"/> before: from here on, not
    /// even the node's first event can be missed.
    /// </summary>
    public IActorRef StartNode()
    {
        var watcher = System.ActorOf(Props.Create(() => new StartWatcher(_started)));
        System.EventStream.Subscribe(watcher, typeof(Listening));
        System.EventStream.Subscribe(watcher, typeof(ListenFailed));
        return _node = ChatNode.Start(System, Settings);
    }

    /// <summary>Adds a step to quitting, in one of CoordinatedShutdown's phases (<c>CoordinatedShutdown.Phase…</c>).</summary>
    public void OnQuit(string phase, string task, Func<Task> run) =>
        CoordinatedShutdown.Get(System).AddTask(phase, task, async () =>
        {
            await run().ConfigureAwait(false);
            return Done.Instance;
        });

    /// <summary>Quits: leave, the front end's steps, terminate. Idempotent: a second call waits for the first.</summary>
    public Task QuitAsync() => CoordinatedShutdown.Get(System).Run(QuitReason.Instance);

    /// <summary>Why CoordinatedShutdown ran: the user (or a test) quit.</summary>
    private sealed class QuitReason : CoordinatedShutdown.Reason
    {
        public static readonly QuitReason Instance = new();

        public override int ExitCode => 0;
    }

    private async Task<Done> LeaveAsync()
    {
        if (_node is null) return Done.Instance;
        try
        {
            await _node.Ask<LeaveCompleted>(LeaveNetwork.Instance, Settings.QuitTimeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // leave frames that could not be flushed in time are given up
        }
        return Done.Instance;
    }

    /// <summary>Completes <see cref="Started"/> with the node's first Listening or ListenFailed.</summary>
    /// <remarks>
    /// An <see cref="ActorBase"/>, not a ReceiveActor: a ReceiveActor compiles its handlers into an expression
    /// tree when it starts, work (and, with dynamic code off, an interpreter) that start does not need.
    /// </remarks>
    private sealed class StartWatcher(TaskCompletionSource<ChatEvent> started) : ActorBase
    {
        protected override bool Receive(object message)
        {
            if (message is not ChatEvent e) return false;
            started.TrySetResult(e);
            Context.Stop(Self);
            return true;
        }
    }
}
