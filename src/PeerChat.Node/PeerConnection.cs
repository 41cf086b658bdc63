using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using PeerChat.Protocol;

namespace PeerChat.Node;

// What the node tells a connection.

/// <summary>The node took this connection as the member's one connection: start chatting.</summary>
internal sealed record Admitted
{
    public static readonly Admitted Instance = new();
}

/// <summary>Not wanted (a duplicate, ourselves, or no room): close without telling anyone.</summary>
internal sealed record CloseQuietly
{
    public static readonly CloseQuietly Instance = new();
}

/// <summary>Write these bytes (one or more encoded lines).</summary>
internal sealed record Send(byte[] Line);

/// <summary>Ask this member <c>who</c> and hand the answer to the node; a <paramref name="Quiet"/> ask (mesh repair) reports no timeout.</summary>
internal sealed record RequestWho(bool Quiet)
{
    public static readonly RequestWho Join = new(false);
    public static readonly RequestWho Repair = new(true);
}

/// <summary>We are leaving: write <c>leave</c>, flush, close.</summary>
internal sealed record SayLeave
{
    public static readonly SayLeave Instance = new();
}

// What a connection tells the node.

/// <summary>A join (inbound) or join-reply (outbound) arrived; the connection waits for <see cref="Admitted"/> or <see cref="CloseQuietly"/>.</summary>
internal sealed record JoinCompleted(PeerInfo Info, PeerIdentity Peer, PeerIdentity Self, bool Outbound);

/// <summary>The member asked <c>who</c>.</summary>
internal sealed record WhoAsked
{
    public static readonly WhoAsked Instance = new();
}

/// <summary>The who-reply we asked for.</summary>
internal sealed record WhoAnswered(IReadOnlyList<PeerAddress> Peers);

/// <summary>We were closed quietly while still waiting for a who-reply: the node should ask the surviving connection.</summary>
internal sealed record WhoStillWanted(PeerIdentity Peer);

/// <summary>The member sent <c>leave</c>; the connection is closing.</summary>
internal sealed record PeerSaidLeave
{
    public static readonly PeerSaidLeave Instance = new();
}

/// <summary>Writes to the member made no progress in time; the connection is being dropped.</summary>
internal sealed record ConnectionStalled
{
    public static readonly ConnectionStalled Instance = new();
}

/// <summary>An outbound join did not complete (or its who step failed).</summary>
internal sealed record JoinAttemptFailed(string Address, string Reason);

/// <summary>The member's unsent bytes crossed the high-water mark (up when <paramref name="Over"/>, else down).</summary>
internal sealed record Backlogged(bool Over);

/// <summary>
/// One TCP connection to a peer, inbound or outbound: frames and parses what arrives, runs the
/// join handshake, and writes with ack-based, batched flow control. Each state is a behaviour:
/// <code>
/// inbound:  AwaitingJoin ──join──► AwaitingAdmission ──Admitted──► Member ──leave/close──► gone
/// outbound: Connecting ─► AwaitingJoinReply ──join-reply──► AwaitingAdmission ─► [AwaitingWhoReply ─►] Member
/// </code>
/// </summary>
public sealed class PeerConnection : ActorBase, IWithTimers, ILineSink
{
    private sealed class WriteAcked : Tcp.Event
    {
        public static readonly WriteAcked Instance = new();
    }

    /// <summary>A handshake or closing step took too long.</summary>
    private sealed record TimedOut(string Step);

    /// <summary>Reading is paused until the front end catches up; time to look again.</summary>
    private sealed record BacklogCheck
    {
        public static readonly BacklogCheck Instance = new();
    }

    /// <summary>The write in flight was not acknowledged within the stall timeout.</summary>
    private sealed record StallCheck
    {
        public static readonly StallCheck Instance = new();
    }

    private const string StepTimer = "step";
    private const string StallTimer = "stall";

    private readonly IActorRef _node;
    private readonly NodeSettings _settings;
    private readonly Join _own;
    private readonly bool _outbound;
    private readonly bool _asksWho;
    private readonly string _label;
    private readonly LineFramer _framer;
    private readonly OutboundBuffer _out = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly InboundPacing _pacing = InboundPacing.For(Context.System);
    private int _publishedInFeed;
    private long _writingSince;
    private bool _waitingForFrontEnd;

    private IActorRef _tcp = ActorRefs.Nobody;
    private IPEndPoint _remote = new(IPAddress.None, 0);
    private IPAddress _localIp = IPAddress.None;
    private Action<PeerMessage> _onFrame;
    private readonly Action<PeerMessage> _onMemberFrame;
    private bool _overHighWater;
    private PeerInfo? _peer;
    private PeerIdentity _identity;
    private List<PeerMessage>? _heldFrames;
    private readonly List<string> _chat = []; // chat lines parsed and not yet published; reused

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A connection a peer opened to us; <paramref name="tcp"/> is Akka.IO's connection actor.</summary>
    public static Props Inbound(IActorRef node, NodeSettings settings, Join own, IActorRef tcp, Tcp.Connected connected) =>
        Props.Create(() => new PeerConnection(node, settings, own, tcp, connected, null, false));

    /// <summary>A connection we open to <paramref name="target"/>; when <paramref name="asksWho"/>, it also asks <c>who</c> after joining.</summary>
    public static Props Outbound(IActorRef node, NodeSettings settings, Join own, IPEndPoint target, bool asksWho) =>
        Props.Create(() => new PeerConnection(node, settings, own, ActorRefs.Nobody, null, target, asksWho));

    // Public only because Props.Create needs it; use Inbound or Outbound.
    public PeerConnection(IActorRef node, NodeSettings settings, Join own, IActorRef tcp, Tcp.Connected? connected, IPEndPoint? target, bool asksWho)
    {
        _node = node;
        _settings = settings;
        _own = own;
        _outbound = target is not null;
        _asksWho = asksWho;
        _framer = new LineFramer(settings.MaxLineLength);
        _onFrame = Ignore;
        _onMemberFrame = OnMemberFrame;
        if (target is not null)
        {
            _remote = target;
            _label = Format(target);
            Become(Connecting());
        }
        else
        {
            _tcp = tcp;
            Attach(connected!);
            _label = Format(_remote);
            Become(AwaitingJoin());
        }
    }

    protected override void PreStart()
    {
        if (_outbound)
            Context.System.Tcp().Tell(new Tcp.Connect(_remote, options: [new SocketTuning(_settings)], timeout: _settings.ConnectTimeout, pullMode: true));
        else
        {
            Timers.StartSingleTimer(StepTimer, new TimedOut("join"), _settings.JoinTimeout);
            // Register and the first pull come from this actor, so Akka.IO sees them in that order.
            _tcp.Tell(new Tcp.Register(Self));
            ReadMore();
        }
    }

    protected override bool Receive(object message) => false; // every state is a Become; see the constructor

    private void Attach(Tcp.Connected connected)
    {
        _remote = connected.RemoteAddress is IPEndPoint remote
            ? new IPEndPoint(Addresses.Normalize(remote.Address), remote.Port)
            : new IPEndPoint(IPAddress.None, 0);
        _localIp = Addresses.Normalize(connected.LocalAddress);
    }

    // ── Outbound: TCP connect ─────────────────────────────────────────────────────────────────────

    private Receive Connecting() => message =>
    {
        switch (message)
        {
            case Tcp.Connected connected:
                _tcp = Sender;
                Attach(connected);
                _tcp.Tell(new Tcp.Register(Self));
                Write(_own);
                ReadMore();
                Timers.StartSingleTimer(StepTimer, new TimedOut("join-reply"), _settings.JoinReplyTimeout);
                Become(AwaitingJoinReply());
                return true;
            case Tcp.CommandFailed failed:
                Fail(ConnectFailure(failed));
                return true;
            default:
                return false;
        }
    };

    private string ConnectFailure(Tcp.CommandFailed failed)
    {
        var cause = failed.Cause.HasValue ? failed.Cause.Value.Message : "";
        return cause.Contains("finishConnect", StringComparison.OrdinalIgnoreCase) || cause.Contains("refused", StringComparison.OrdinalIgnoreCase)
            ? "connection refused (is a node listening there?)"
            : cause.Contains("timeout", StringComparison.OrdinalIgnoreCase) || cause.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                ? $"no answer within {Seconds(_settings.ConnectTimeout)}"
                : $"cannot connect{(cause.Length > 0 ? $": {cause}" : "")}";
    }

    // ── Handshake ─────────────────────────────────────────────────────────────────────────────────

    private Receive AwaitingJoinReply()
    {
        _onFrame = frame =>
        {
            // {"type":"join-reply","name":…,"age":…,"zip":…,"port":…}; anything else before it is ignored.
            if (frame is JoinReply reply) Joined(reply.Name, reply.Age, reply.Zip, reply.Port);
        };
        return Handshaking("join-reply");
    }

    private Receive AwaitingJoin()
    {
        _onFrame = frame =>
        {
            // {"type":"join",…}: answered first thing, before anything else is written on this connection.
            if (frame is not Join join) return; // not a member yet: every other frame is ignored
            // The node hears of the join before the reply leaves: by the time the peer can act on
            // the reply (say, close a duplicate connection), the node already knows this one.
            Joined(join.Name, join.Age, join.Zip, join.Port);
            Write(new JoinReply(_own.Name, _own.Age, _own.Zip, _own.Port));
        };
        return Handshaking("join");
    }

    private Receive Handshaking(string awaited) => message =>
    {
        switch (message)
        {
            case Tcp.Received received:
                Feed(received);
                if (_heldFrames is null) ReadMore(); // still waiting for the join (else: for admission)
                return true;
            case TimedOut:
                if (_outbound) Fail($"no {awaited} within {Seconds(_settings.JoinReplyTimeout)}");
                else CloseNow(); // a stranger that never joined: drop it, nobody to tell
                return true;
            case Tcp.ConnectionClosed:
                if (_outbound) Fail($"the connection closed before the {awaited}");
                else Context.Stop(Self);
                return true;
            default:
                return Writing(message);
        }
    };

    private void Joined(string name, string age, string zip, int? port)
    {
        Timers.Cancel(StepTimer);
        if (name.Length > _settings.MaxNameLength) name = Truncate(name, _settings.MaxNameLength);
        _peer = new PeerInfo(name, age, zip, _remote.Address.ToString(), port);
        _identity = port is { } p ? PeerIdentity.Of(_remote.Address, p) : new PeerIdentity(_remote.Address, _remote.Port, false);
        var self = PeerIdentity.Of(_localIp, _own.Port ?? 0);
        _node.Tell(new JoinCompleted(_peer, _identity, self, _outbound));

        // Until the node admits us, nothing more is read (pull mode: no ResumeReading); lines of this read wait here.
        _heldFrames = [];
        _onFrame = _heldFrames.Add;
        Become(AwaitingAdmission());
    }

    private Receive AwaitingAdmission() => message =>
    {
        switch (message)
        {
            case Admitted:
                var held = _heldFrames!;
                _heldFrames = null;
                if (_asksWho) AskWho(quiet: false);
                else Become(Member());
                foreach (var frame in held) _onFrame(frame);
                PublishChat();
                PaceReading(alreadyPulled: false);
                return true;
            case CloseQuietly:
                CloseNow();
                return true;
            case SayLeave: // joins were exchanged, so the peer may count us as a member already
                Write(Leave.Instance);
                Close();
                return true;
            case Tcp.Received received:
                Feed(received); // a read already under way: its lines wait with the others
                return true;
            case Tcp.ConnectionClosed:
                Context.Stop(Self);
                return true;
            default:
                return Writing(message);
        }
    };

    // ── Member ────────────────────────────────────────────────────────────────────────────────────

    private Receive Member()
    {
        _onFrame = _onMemberFrame;
        return Membership;
    }

    private void AskWho(bool quiet)
    {
        Write(Who.Instance);
        Timers.StartSingleTimer(StepTimer, new TimedOut("who-reply"), _settings.WhoReplyTimeout);
        _onFrame = frame =>
        {
            // {"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"1234"},…]}
            if (frame is WhoReply reply)
            {
                Timers.Cancel(StepTimer);
                _node.Tell(new WhoAnswered(reply.Peers));
                Become(Member());
            }
            else OnMemberFrame(frame);
        };
        Become(message => message switch
        {
            TimedOut => WhoTimedOut(quiet),
            CloseQuietly => HandOverWho(),
            _ => Membership(message),
        });
    }

    private bool WhoTimedOut(bool quiet)
    {
        if (!quiet) _node.Tell(new JoinAttemptFailed(_label, $"no who-reply within {Seconds(_settings.WhoReplyTimeout)}; joined this peer only"));
        Become(Member());
        return true;
    }

    private bool HandOverWho()
    {
        _node.Tell(new WhoStillWanted(_identity));
        CloseNow();
        return true;
    }

    private void OnMemberFrame(PeerMessage frame)
    {
        switch (frame)
        {
            // {"type":"message","message":"Hello"}
            case ChatMessage chat:
                _chat.Add(chat.Text);
                break;
            // {"type":"who"}
            case Who:
                _node.Tell(WhoAsked.Instance);
                break;
            // {"type":"leave"}: the peer is gone; nothing it sends after this counts.
            case Leave:
                PublishChat(); // its last lines come before the node says it left
                _node.Tell(PeerSaidLeave.Instance);
                _onFrame = Ignore;
                Close();
                break;
            // A repeated join, an unasked who-reply: nothing to do.
        }
    }

    private bool Membership(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                // Pull the next read before parsing this one, so socket and parser overlap, unless
                // this peer's chat is what the front end is behind on.
                var readAhead = !_waitingForFrontEnd;
                if (readAhead) ReadMore();
                Feed(received);
                PublishChat();
                PaceReading(alreadyPulled: readAhead);
                return true;
            case BacklogCheck:
                PaceReading(alreadyPulled: false);
                return true;
            case Send send:
                Write(send.Line);
                return true;
            case RequestWho request:
                AskWho(request.Quiet);
                return true;
            case SayLeave:
                Write(Leave.Instance);
                Close();
                return true;
            case CloseQuietly:
                CloseNow();
                return true;
            case Tcp.ConnectionClosed:
                Context.Stop(Self);
                return true;
            case TimedOut:
                return true; // a step timer that lost the race with its answer
            default:
                return Writing(message);
        }
    }

    // ── Closing ───────────────────────────────────────────────────────────────────────────────────

    /// <summary>Flush what is queued, then close; stop once the socket says so (or the quit timeout passes).</summary>
    private void Close()
    {
        _onFrame = Ignore;
        Timers.Cancel(StepTimer);
        Timers.Cancel(StallTimer);
        if (_out.HasQueued) _tcp.Tell(Tcp.Write.Create(_out.TakeRemaining()));
        _tcp.Tell(Tcp.Close.Instance);
        Timers.StartSingleTimer(StepTimer, new TimedOut("close"), _settings.QuitTimeout);
        Become(message =>
        {
            switch (message)
            {
                case Tcp.ConnectionClosed:
                case TimedOut:
                    Context.Stop(Self);
                    return true;
                default:
                    return true; // reads after leave, late commands: the connection is going
            }
        });
    }

    private void CloseNow()
    {
        _onFrame = Ignore;
        _tcp.Tell(Tcp.Abort.Instance);
        Context.Stop(Self);
    }

    private void Fail(string reason)
    {
        _node.Tell(new JoinAttemptFailed(_label, reason));
        CloseNow();
    }

    // ── Reading ───────────────────────────────────────────────────────────────────────────────────

    private void Feed(Tcp.Received received)
    {
        _framer.Feed(received.Data.ToReadOnlySpan(), this); // reads arrive compact: no copy
    }

    void ILineSink.OnLine(ReadOnlySpan<byte> line)
    {
        // A member's plain chat line, the common case, goes straight to the batch: no frame record.
        if (ReferenceEquals(_onFrame, _onMemberFrame) && PeerCodec.TryDecodePlainMessage(line, out var text)) _chat.Add(text);
        else if (PeerCodec.TryDecode(line, out var frame)) _onFrame(frame);
    }

    private static void Ignore(PeerMessage _) { }

    /// <summary>One event for all the chat lines parsed since the last: per read, not per line.</summary>
    private void PublishChat()
    {
        if (_chat.Count == 0) return;
        // An exact-size copy: one small array per read, and the list's capacity is kept for the next.
        Context.System.EventStream.Publish(new MessagesReceived(_peer!, _chat.ToArray()));
        _publishedInFeed += _chat.Count;
        _chat.Clear();
    }

    /// <summary>
    /// Reads are pulled one at a time (Akka.IO pull mode), so at most one read's bytes are ever in
    /// hand. A member's next read waits while the front end lags (see <see cref="InboundPacing"/>):
    /// then TCP itself slows the sender down.
    /// </summary>
    private void PaceReading(bool alreadyPulled)
    {
        // Only reads that carried chat wait: a peer asking who (or leaving) is served meanwhile.
        var carriedChat = _publishedInFeed > 0;
        if (carriedChat)
        {
            _pacing.Published(_publishedInFeed);
            _publishedInFeed = 0;
        }
        if ((carriedChat || _waitingForFrontEnd) && _pacing.Backlog > _settings.InboundBacklog)
        {
            // At most the one read already pulled arrives before this peer waits.
            _waitingForFrontEnd = true;
            if (!alreadyPulled) Timers.StartSingleTimer(BacklogCheck.Instance, BacklogCheck.Instance, TimeSpan.FromMilliseconds(5));
            return;
        }
        _waitingForFrontEnd = false;
        if (!alreadyPulled) ReadMore();
    }

    private void ReadMore() => _tcp.Tell(Tcp.ResumeReading.Instance);

    // ── Writing: one acked write in flight, everything queued since goes in the next ─────────────

    private void Write(PeerMessage frame) => Write(PeerCodec.EncodeLine(frame));

    private void Write(byte[] line)
    {
        _out.Append(line);
        if (_out.Backlog > _settings.MaxOutboundBuffer)
        {
            Stalled($"more than {_settings.MaxOutboundBuffer} bytes waiting");
            return;
        }
        if (!_out.WriteInFlight) Flush();
        ReportBacklog();
    }

    private void Flush()
    {
        if (!_out.WriteInFlight) _writingSince = Environment.TickCount64;
        _tcp.Tell(Tcp.Write.Create(_out.TakeBatch(), WriteAcked.Instance));
        // One periodic check per connection rather than a timer per write: writes are the hot path.
        if (!Timers.IsTimerActive(StallTimer))
            Timers.StartPeriodicTimer(StallTimer, StallCheck.Instance, _settings.StallTimeout / 4);
    }

    /// <summary>Write acks and failures, in whatever state the connection is.</summary>
    private bool Writing(object message)
    {
        switch (message)
        {
            case WriteAcked:
                _out.Written();
                if (_out.HasQueued) Flush();
                ReportBacklog();
                return true;
            case StallCheck:
                if (!_out.WriteInFlight) Timers.Cancel(StallTimer); // idle again: nothing to watch
                else if (Environment.TickCount64 - _writingSince > (long)_settings.StallTimeout.TotalMilliseconds)
                    Stalled($"no write progress in {Seconds(_settings.StallTimeout)}");
                return true;
            case Tcp.CommandFailed { Cmd: Tcp.Write }:
                _log.Debug("write to {0} failed; closing", _label);
                CloseNow();
                return true;
            default:
                return false;
        }
    }

    private void Stalled(string why)
    {
        _log.Info("dropping {0}: {1}", _label, why);
        _node.Tell(ConnectionStalled.Instance);
        CloseNow();
    }

    private void ReportBacklog()
    {
        var over = _out.Backlog > _settings.OutboundHighWater;
        if (over == _overHighWater) return;
        _overHighWater = over;
        _node.Tell(new Backlogged(over));
    }

    // ── Small things ─────────────────────────────────────────────────────────────────────────────

    private static string Format(IPEndPoint ep) => PeerIdentity.Of(ep.Address, ep.Port).ToString();

    private static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";

    /// <summary>Cuts to at most <paramref name="max"/> chars without splitting a surrogate pair.</summary>
    private static string Truncate(string s, int max) =>
        char.IsHighSurrogate(s[max - 1]) ? s[..(max - 1)] : s[..max];
}
