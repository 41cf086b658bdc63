using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;
using PeerChat.Node;

namespace PeerChat.Load;

/// <summary>
/// The mesh's middle column: the same schedule, lines and sockets as the plain-socket baseline, but every
/// socket is an Akka.IO TCP connection and every hand-off an actor message, with nothing of PeerChat on top
/// (no handshake, framing records, acks, pull reads, node actor or EventStream). One ActorSystem per node,
/// configured from the shipped defaults as a node's is. A sender actor per node writes each line to its 19
/// connections unacknowledged; a reader actor per connection (push mode) splits lines and records stamps.
/// What the node costs beyond this is PeerChat's; what this costs beyond plain sockets is Akka.IO's.
/// </summary>
public sealed class AkkaIoMesh : IAsyncDisposable
{
    private readonly ActorSystem[] _systems;
    private readonly IActorRef[] _peers;

    private AkkaIoMesh(ActorSystem[] systems, IActorRef[] peers)
    {
        _systems = systems;
        _peers = peers;
    }

    public sealed record Send(int Count, long Due);

    private sealed record ConnectAll(int[] Ports);

    public static async Task<AkkaIoMesh> StartAsync(int n, Latencies latencies, Phase phase, Func<long, int, long, string> text, Scale scale)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = ERROR\n" + NodeHost.ExtraOverrides).WithFallback(NodeSettings.DefaultConfig);
        var systems = Enumerable.Range(0, n).Select(i => ActorSystem.Create($"akka-io-mesh-{i:D3}", config)).ToArray();
        var peers = systems.Select((s, j) => s.ActorOf(Props.Create(() => new Peer(j, latencies, phase, text)), "peer")).ToArray();
        var ports = await Task.WhenAll(peers.Select(p => p.Ask<int>("port", scale.StepTimeout)));
        await Task.WhenAll(peers.Select(p => p.Ask<int>(new ConnectAll(ports), scale.StepTimeout)));
        return new AkkaIoMesh(systems, peers);
    }

    public void Tick(int j, int count, long due) => _peers[j].Tell(new Send(count, due));

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_systems.Select(s => s.Terminate().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { })));

    private sealed class Peer(int index, Latencies latencies, Phase phase, Func<long, int, long, string> text) : UntypedActor
    {
        private readonly List<IActorRef> _out = [];
        private int _port;
        private IActorRef? _portAsker;
        private IActorRef? _connectAsker;
        private int _expected;
        private long _sequence;

        protected override void PreStart() =>
            Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(IPAddress.Loopback, 0), pullMode: false));

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Tcp.Bound bound:
                    _port = ((IPEndPoint)bound.LocalAddress).Port;
                    _portAsker?.Tell(_port);
                    break;
                case "port":
                    if (_port != 0) Sender.Tell(_port);
                    else _portAsker = Sender;
                    break;
                case ConnectAll all:
                    _connectAsker = Sender;
                    _expected = all.Ports.Length - 1;
                    for (int j = 0; j < all.Ports.Length; j++)
                        if (j != index) Context.System.Tcp().Tell(new Tcp.Connect(new IPEndPoint(IPAddress.Loopback, all.Ports[j]), pullMode: false));
                    break;
                case Tcp.Connected connected when ((IPEndPoint)connected.LocalAddress).Port == _port:
                    var tcp = Sender;
                    Context.ActorOf(Props.Create(() => new Reader(tcp, latencies, phase)));
                    break;
                case Tcp.Connected:
                    Sender.Tell(new Tcp.Register(Self)); // we only write on it; nothing comes back
                    _out.Add(Sender);
                    if (_out.Count == _expected) _connectAsker?.Tell(_out.Count);
                    break;
                case Send send:
                    for (int c = 0; c < send.Count; c++)
                    {
                        long stamp = send.Due != 0 ? send.Due : System.Diagnostics.Stopwatch.GetTimestamp();
                        var line = ByteString.FromBytes(Encoding.UTF8.GetBytes($$"""{"type":"message","message":"{{text(stamp, index, _sequence++)}}"}""" + "\n"));
                        foreach (var connection in _out) connection.Tell(Tcp.Write.Create(line));
                    }
                    break;
            }
        }
    }

    /// <summary>The plain reader's loop on Akka.IO reads.</summary>
    private sealed class Reader(IActorRef tcp, Latencies latencies, Phase phase) : UntypedActor
    {
        private readonly StampedLines _lines = new(latencies, phase);

        protected override void PreStart() => tcp.Tell(new Tcp.Register(Self));

        protected override void OnReceive(object message)
        {
            if (message is Tcp.Received received) _lines.Feed(received.Data.ToReadOnlySpan(), System.Diagnostics.Stopwatch.GetTimestamp());
            else if (message is Tcp.ConnectionClosed) Context.Stop(Self);
        }
    }
}
