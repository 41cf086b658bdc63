using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;
using static PeerChat.Node.Joiner;

namespace PeerChat.Node;

/// <summary>
/// The node: owns the listener, the <see cref="PeerTable{TConn}"/> and broadcasts, and publishes
/// <see cref="ChatEvent"/>s. Each handler asks the table one rule and applies its
/// <see cref="Outcome{TConn}"/>. Connections and joiners are its children; a failing one is stopped
/// and reported, the node carries on.
/// <code>
/// Binding ─Bound─► Running ⇄ Leaving        Binding ─bind failed─► Stopped
/// </code>
/// </summary>
internal sealed partial class PeerNode : ActorBase, IWithUnboundedStash, IWithTimers
{
    private sealed record RepairMesh
    {
        public static readonly RepairMesh Instance = new();
    }

    private readonly NodeSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _listener = ActorRefs.Nobody;
    private Join _own = null!;
    private PeerTable<IActorRef> _table = PeerTable<IActorRef>.Empty(new TableLimits(1, 1, 1), IPAddress.Any, 0);
    private SendGate _sends = SendGate.Open;
    private readonly WhoReplies _whoReplies = new();
    // Joiners waiting for a dial to become a member (or fail), by target.
    private ImmutableDictionary<IPEndPoint, ImmutableList<IActorRef>> _joiners = ImmutableDictionary<IPEndPoint, ImmutableList<IActorRef>>.Empty;

    public PeerNode(NodeSettings settings) => _settings = settings;

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a node; create it as <c>/user/node</c>, one per ActorSystem (its events go to that system's EventStream).</summary>
    public static Props Props(NodeSettings settings) => Akka.Actor.Props.Create(() => new PeerNode(settings));

    // A connection that throws is stopped (and so reported through Terminated); the node is never restarted by it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        if (!IPAddress.TryParse(_settings.ListenHost, out var host))
        {
            StopListening("the listen host must be an IP address, like 0.0.0.0 or 127.0.0.1");
            return;
        }
        try
        {
            // A backlog for a whole room arriving at once: with Akka's default of 100, a burst of dialers
            // overflows the kernel's accept queue and is dropped or reset before the node sees it.
            // (The kernel caps it at net.core.somaxconn.)
            Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(host, _settings.ListenPort), backlog: _settings.MaxPeers, options: [new SocketTuning(_settings)], pullMode: true));
        }
        catch (Exception e) // Akka.IO refuses its own settings (akka.io.tcp.*) here
        {
            StopListening(e.Message);
            return;
        }
        Become(Binding);
    }

    protected override bool Receive(object message) => false;

    // Unbind first, so the listener stops because it was asked to, not because its owner died.
    protected override void PostStop() => _listener.Tell(Tcp.Unbind.Instance);

    private void StopListening(string why)
    {
        Context.System.EventStream.Publish(new ListenFailed(_settings.ListenHost, _settings.ListenPort, why));
        Become(_ => true);
    }

    private bool Binding(object message)
    {
        switch (message)
        {
            case Tcp.Bound bound:
                _listener = Sender;
                var port = ((IPEndPoint)bound.LocalAddress).Port;
                _own = new Join(_settings.Name, _settings.Age, _settings.Zip, port);
                _table = PeerTable<IActorRef>.Empty(TableLimits.From(_settings), IPAddress.Parse(_settings.ListenHost), port);
                Context.System.EventStream.Publish(new Listening(_settings.ListenHost, port));
                foreach (var entry in _settings.Bootstrap)
                    if (HostPort.TryParse(entry, out var h, out var p, out _))
                        Self.Tell(new ConnectTo(h, p));
                if (_settings.MeshRepair) Timers.StartPeriodicTimer("mesh-repair", RepairMesh.Instance, _settings.MeshRepairInterval);
                Stash.UnstashAll();
                Become(Running);
                return true;
            case Tcp.CommandFailed failed:
                StopListening(failed.Cause.HasValue ? failed.Cause.Value.Message : "the address may be in use or not on this machine");
                return true;
            default:
                Stash.Stash(); // commands wait until the node can accept and dial
                return true;
        }
    }

    private bool Running(object message)
    {
        switch (message)
        {
            // ── commands ──
            case ConnectTo connect:
                Context.ActorOf(Joiner.Props(Self, _settings, connect.Host, connect.Port));
                return true;
            case Broadcast broadcast:
                OnBroadcast([broadcast.Text]);
                return true;
            case BroadcastLines lines:
                OnBroadcast(lines.Texts);
                return true;
            case ListPeers:
                Sender.Tell(new PeerList(_table.List()));
                return true;
            case GetStatus:
                Sender.Tell(new NodeStatus(_table.MemberCount, _table.Sockets, _table.QueuedDials, _table.ParkedCount));
                return true;
            case LeaveNetwork:
                StartLeaving(Sender);
                return true;
            case ChangeName change:
                OnChangeName(change);
                return true;
            case AskMemberList ask:
                OnAskMemberList(ask);
                return true;
            default:
                return Peers(message);
        }
    }

    /// <summary>What sockets, connections and joiners report: handled alike while running and while leaving.</summary>
    private bool Peers(object message)
    {
        if (CutLinks(message)) return true; // PeerNode.Partition.cs
        switch (message)
        {
            case Tcp.Connected:
                var accepted = Context.Watch(Context.ActorOf(PeerConnection.Inbound(Self, _settings, _own, Sender, (Tcp.Connected)message)));
                Decide(_table.Accept(accepted));
                return true;
            case JoinVia via:
                OnJoinVia(via.Target);
                return true;
            case DialListed listed:
                DialAll(listed.Peers);
                return true;
            case WhoAnswered answered: // our own mesh-repair ask
                DialAll(answered.Peers);
                return true;
            case RepairMesh:
                if (_table.Members is { Count: > 0 } members) members[Random.Shared.Next(members.Count)].Conn.Tell(new AskWho(Self));
                return true;
            case JoinCompleted joined:
                Decide(_table.Admit(new Candidate<IActorRef>(Sender, joined.Info, joined.Peer, joined.Self, joined.Outbound)));
                return true;
            case WhoAsked:
                Sender.Tell(new AnswerWho(_whoReplies.For(_table, Sender)));
                return true;
            case PeerSaidLeave:
                Decide(_table.Gone(Sender, LeaveReason.Leave));
                return true;
            case Stalled:
                Decide(_table.Gone(Sender, LeaveReason.Stalled));
                return true;
            case DialFailed failed:
                Context.System.EventStream.Publish(new JoinFailed(PeerIdentity.Of(failed.Target.Address, failed.Target.Port).ToString(), failed.Reason));
                EndJoiners(failed.Target, null);
                return true;
            case Backlogged backlogged:
                if (backlogged.Over) _sends = _sends.Over(Sender);
                else Drained(Sender);
                return true;
            case Terminated terminated:
                Drained(terminated.ActorRef);
                Decide(_table.Gone(terminated.ActorRef, LeaveReason.Disconnected));
                return true;
            case RefusalsCounted:
                ReportRefusals();
                return true;
            case Tcp.ConnectionClosed or Tcp.Received:
                return true; // a refused connection's last words
            default:
                return false;
        }
    }
}
