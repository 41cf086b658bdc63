using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

/// <summary>
/// One TCP connection to a peer, inbound or outbound: frames and parses what arrives, runs the join
/// handshake, and hands every write to Akka.IO at once, asking for an ack only now and then
/// (<see cref="Writer"/>). One state machine; each state is a behaviour that takes its data as arguments:
/// <code>
/// inbound:  Parked ─StartHandshake─► AwaitingJoin ─join─► Admitting ─Admit─► Member ─leave / SayLeave─► Closing ─► stop
/// outbound: Connecting ─Connected─► AwaitingJoinReply ─join-reply─► Admitting ─Admit─► Member ─► …
/// Admitting ─CloseQuietly─► stop (abort, nobody told)      Admitting ─SayLeave─► Closing
/// Admitting / Member ─Retire─► Retiring ─peer closed its side too─► stop (a duplicate, nobody told)
/// any state ─peer closed / reset / write failed / stalled / timeout─► stop (the node sees Terminated)
/// </code>
/// A <c>who</c> this side asked is data of <see cref="Member"/>, not a state. Messages: <see cref="ConnectionProtocol"/>.
/// </summary>
internal sealed partial class PeerConnection : ActorBase, IWithTimers
{
    private sealed record TimedOut(string Step);

    private const string StepTimer = "step";

    private readonly IActorRef _node;
    private readonly NodeSettings _settings;
    private readonly Join _own;
    private readonly LineFramer _framer;
    private readonly Writer _writer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReceivedTexts.Builder _chat = new(); // chat lines of the current read, not yet published; reused
    private ReadGate _gate;
    private long _published; // chat batches published; the front end confirms up to a number
    private readonly Link? _accepted;
    private readonly IPEndPoint? _target;

    public ITimerScheduler Timers { get; set; } = null!;

    // Every argument of these Props is a captured variable: Akka reads those by reflection, but
    // compiles any other expression (a call, a null) once per actor, which cost ~5 ms per
    // connection and stalled a burst of joiners past Akka's register timeout.

    /// <summary>A connection a peer opened to us, parked until the node gives it a handshake slot.</summary>
    public static Props Inbound(IActorRef node, NodeSettings settings, Join own, IActorRef tcp, Tcp.Connected connected)
    {
        var link = Link.Of(tcp, connected);
        IPEndPoint? noTarget = null;
        return Props.Create(() => new PeerConnection(node, settings, own, link, noTarget));
    }

    /// <summary>A connection we open to <paramref name="target"/>.</summary>
    public static Props Outbound(IActorRef node, NodeSettings settings, Join own, IPEndPoint target)
    {
        Link? notAccepted = null;
        return Props.Create(() => new PeerConnection(node, settings, own, notAccepted, target));
    }

    public PeerConnection(IActorRef node, NodeSettings settings, Join own, Link? accepted, IPEndPoint? target)
    {
        _node = node;
        _settings = settings;
        _own = own;
        _framer = new LineFramer(settings.MaxLineLength);
        _writer = new Writer(settings.OutboundHighWater, settings.MaxOutboundBuffer, settings.StallTimeout, settings.WriteAckInterval);
        _gate = new ReadGate(Pulled: false, Holding: true, WhoOwed: 0, OverHighWater: false, Unconfirmed: 0, Window: settings.Paced ? settings.InboundWindow : 0);
        _accepted = accepted;
        _target = target;
        if (accepted is not null) Become(Parked(accepted));
        else Become(Connecting(target!));
    }

    protected override void PreStart()
    {
        if (_accepted is not null)
        {
            // Registered now, so register-timeout cannot fire; the join timeout counts parked time too.
            _accepted.Tcp.Tell(new Tcp.Register(Self));
            Timers.StartSingleTimer(StepTimer, new TimedOut("join"), _settings.JoinTimeout);
        }
        else Context.System.Tcp().Tell(new Tcp.Connect(_target!, options: [new SocketTuning(_settings)], timeout: _settings.ConnectTimeout, pullMode: true));
    }

    protected override bool Receive(object message) => false; // every state is a behaviour


    // ── Before the handshake ─────────────────────────────────────────────────────────────────────

    private Receive Parked(Link link) => message => message switch
    {
        StartHandshake => Then(() => { Pull(link); Become(AwaitingJoin(link)); }),
        TimedOut => Then(() => Abort(link)), // never got a slot in time: a join timeout like any other
        Tcp.ConnectionClosed => Then(Stop),
        CloseQuietly or SayLeave => Then(() => Abort(link)),
        _ => false,
    };

    private Receive Connecting(IPEndPoint target) => message =>
    {
        switch (message)
        {
            case Tcp.Connected connected:
                var link = Link.Of(Sender, connected);
                link.Tcp.Tell(new Tcp.Register(Self));
                Write(link, PeerCodec.EncodeLine(_own));
                Timers.StartSingleTimer(StepTimer, new TimedOut("join-reply"), _settings.JoinReplyTimeout);
                _gate = _gate with { Holding = false };
                MaybePull(link);
                Become(AwaitingJoinReply(link, target));
                return true;
            case Tcp.CommandFailed failed:
                _node.Tell(new DialFailed(target, ConnectFailure(failed)));
                Stop();
                return true;
            case CloseQuietly or SayLeave:
                Stop(); // a connect still under way is dropped by Akka.IO when we stop
                return true;
            default:
                return false;
        }
    };

    // ── Handshake ────────────────────────────────────────────────────────────────────────────────

    private Receive AwaitingJoin(Link link)
    {
        var read = new HandshakeRead(awaitJoin: true);
        return message => message switch
        {
            Tcp.Received received => Then(() => OnHandshakeRead(link, received, read, null)),
            TimedOut => Then(() => Abort(link)), // a stranger that never joined: nobody to tell
            Tcp.ConnectionClosed => Then(Stop),
            CloseQuietly or SayLeave => Then(() => Abort(link)),
            _ => Writing(link, message),
        };
    }

    private Receive AwaitingJoinReply(Link link, IPEndPoint target)
    {
        var read = new HandshakeRead(awaitJoin: false);
        return message => message switch
        {
            Tcp.Received received => Then(() => OnHandshakeRead(link, received, read, target)),
            TimedOut => Then(() => FailDial(link, target, $"no join-reply within {Seconds(_settings.JoinReplyTimeout)}")),
            Tcp.ConnectionClosed => Then(() => { _node.Tell(new DialFailed(target, "the connection closed before the join-reply")); Stop(); }),
            CloseQuietly or SayLeave => Then(() => Abort(link)),
            _ => Writing(link, message),
        };
    }

    private void OnHandshakeRead(Link link, Tcp.Received received, HandshakeRead read, IPEndPoint? target)
    {
        _gate = _gate with { Pulled = false };
        _framer.Feed(received.Data.ToReadOnlySpan(), read);
        if (read.Found is not { } hello)
        {
            MaybePull(link); // still waiting for it
            return;
        }
        Timers.Cancel(StepTimer);
        var name = hello.Name.Length > _settings.MaxNameLength ? Truncate(hello.Name, _settings.MaxNameLength) : hello.Name;
        var info = new PeerInfo(name, hello.Age, hello.Zip, link.Remote.Address.ToString(), hello.Port);
        var identity = hello.Port is { } p ? PeerIdentity.Of(link.Remote.Address, p) : new PeerIdentity(link.Remote.Address, link.Remote.Port, false);
        // The node hears of the join before our reply leaves: by the time the peer can act on the
        // reply (say, close a duplicate connection), the node already knows this one.
        _node.Tell(new JoinCompleted(info, identity, PeerIdentity.Of(link.LocalIp, _own.Port ?? 0), Outbound: target is not null));
        if (target is null) Write(link, PeerCodec.EncodeLine(new JoinReply(_own.Name, _own.Age, _own.Zip, _own.Port)));
        _gate = _gate with { Holding = true }; // nothing more is read until the node decides
        Become(Admitting(link, info, read));
    }

    private Receive Admitting(Link link, PeerInfo peer, HandshakeRead read) => message =>
    {
        switch (message)
        {
            case Admit:
                var member = new MemberRead(this, link, peer, []);
                Become(Member(member));
                foreach (var frame in read.Held) member.OnFrame(frame); // the rest of the join's read
                PublishChat(peer);
                _gate = _gate with { Holding = false };
                MaybePull(link);
                return true;
            case CloseQuietly:
                Abort(link);
                return true;
            case Retire:
                var retired = new MemberRead(this, link, peer, []);
                foreach (var frame in read.Held) retired.OnFrame(frame); // sent before the peer chose
                StartRetiring(retired);
                return true;
            case SayLeave: // joins were exchanged, so the peer may count us as a member already
                SayLeaveAndClose(link);
                return true;
            case Tcp.ConnectionClosed:
                Stop();
                return true;
            default:
                return Writing(link, message);
        }
    };

    // ── Member ───────────────────────────────────────────────────────────────────────────────────

    private Receive Member(MemberRead member) => message =>
    {
        var link = member.Link;
        switch (message)
        {
            case Tcp.Received received:
                // Pull the next read before parsing this one, so socket and parser overlap, when the gate allows.
                _gate = _gate with { Pulled = false };
                MaybePull(link);
                _framer.Feed(received.Data.ToReadOnlySpan(), member);
                if (member.Left) return true;
                PublishChat(member.Peer);
                MaybePull(link);
                return true;
            case Write write:
                Write(link, write.Lines);
                return true;
            case AnswerWho answer:
                _gate = _gate with { WhoOwed = _gate.WhoOwed - 1, WhoAsked = false };
                Write(link, answer.Reply);
                MaybeAskWho(); // the next one, in order
                MaybePull(link);
                return true;
            case AskWho ask:
                if (member.Askers.IsEmpty) Write(link, PeerCodec.EncodeLine(Who.Instance));
                Become(Member(new MemberRead(this, link, member.Peer, member.Askers.Add(ask.ReplyTo))));
                return true;
            case Confirmed confirmed:
                _gate = _gate with { Unconfirmed = Math.Min(_gate.Unconfirmed, _published - confirmed.UpTo) };
                MaybePull(link);
                return true;
            case SayLeave:
                SayLeaveAndClose(link);
                return true;
            case CloseQuietly:
                Abort(link);
                return true;
            case Retire:
                StartRetiring(member);
                return true;
            case Tcp.ConnectionClosed:
                Stop();
                return true;
            default:
                return Writing(link, message);
        }
    };

    /// <summary>A member's frames other than plain chat (which <see cref="MemberRead"/> takes on its fast path).</summary>
    private void OnMemberFrame(MemberRead member, PeerMessage frame)
    {
        switch (frame)
        {
            case ChatMessage chat:
                _chat.Add(chat.Text);
                break;
            case Who:
                _gate = _gate with { WhoOwed = _gate.WhoOwed + 1 }; // counted, answered one by one
                MaybeAskWho();
                break;
            case Protocol.WhoReply reply when !member.Askers.IsEmpty:
                foreach (var asker in member.Askers) asker.Tell(new WhoAnswered(reply.Peers));
                member.Askers = []; // in place: the state (Member or Retiring) reads the same object
                break;
            case Leave: // the peer is gone; nothing it sends after this counts
                PublishChat(member.Peer); // its last lines come before the node says it left
                _node.Tell(PeerSaidLeave.Instance);
                member.Left = true;
                Close(member.Link);
                break;
            // A repeated join, an unasked who-reply: nothing to do.
        }
    }
}
