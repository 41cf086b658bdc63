using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;
using PeerChat.Node;

namespace PeerChat.Load;

/// <summary>
/// A breakdown step between the plain socket and the node: an Akka.IO TCP listener, configured exactly as
/// the node's (same akka.io.tcp settings from the shipped defaults), whose connection handler only counts
/// '\n' in each Received. What the node costs beyond this is framing, parsing, events and its actors.
/// </summary>
public sealed class AkkaIoReader : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _server;

    public Counter Lines { get; } = new();
    public Counter Reads { get; } = new();
    public int Port { get; private set; }

    private AkkaIoReader(ActorSystem system, bool pullMode)
    {
        _system = system;
        PullMode = pullMode;
        _server = system.ActorOf(Props.Create(() => new Server(this)), "reader");
    }

    /// <summary>Pull mode, as the node reads: one read at a time, the next asked for (ResumeReading) after the last is handled.</summary>
    public bool PullMode { get; }

    public static async Task<AkkaIoReader> StartAsync(bool pullMode)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\n" + NodeHost.ExtraOverrides).WithFallback(NodeSettings.DefaultConfig);
        var reader = new AkkaIoReader(ActorSystem.Create("akka-io-reader", config), pullMode);
        reader.Port = await reader._server.Ask<int>("port", TimeSpan.FromSeconds(10));
        return reader;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });

    private sealed class Server(AkkaIoReader owner) : UntypedActor
    {
        private IActorRef? _asker;
        private int _port;

        private IActorRef _listener = ActorRefs.Nobody;

        protected override void PreStart() =>
            Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(IPAddress.Loopback, 0), pullMode: owner.PullMode));

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Tcp.Bound bound:
                    _listener = Sender;
                    if (owner.PullMode) _listener.Tell(new Tcp.ResumeAccepting(8));
                    _port = ((IPEndPoint)bound.LocalAddress).Port;
                    _asker?.Tell(_port);
                    break;
                case "port":
                    if (_port != 0) Sender.Tell(_port);
                    else _asker = Sender;
                    break;
                case Tcp.Connected:
                    if (owner.PullMode) _listener.Tell(new Tcp.ResumeAccepting(1));
                    var tcp = Sender;
                    // The handler registers itself and then asks for its first read (in that order: see docs/performance.md).
                    Context.ActorOf(Props.Create(() => new Connection(owner, tcp)));
                    break;
            }
        }
    }

    private sealed class Connection(AkkaIoReader owner, IActorRef tcp) : UntypedActor
    {
        protected override void PreStart()
        {
            tcp.Tell(new Tcp.Register(Self));
            if (owner.PullMode) tcp.Tell(Tcp.ResumeReading.Instance);
        }

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Tcp.Received received:
                    owner.Reads.Add();
                    owner.Lines.Add(received.Data.ToReadOnlySpan().Count((byte)'\n'));
                    if (owner.PullMode) tcp.Tell(Tcp.ResumeReading.Instance);
                    break;
                case Tcp.ConnectionClosed:
                    Context.Stop(Self);
                    break;
            }
        }
    }
}
