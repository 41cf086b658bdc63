using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using PeerChat.Protocol;

namespace PeerChat.Node;

// Commands a front end (or a test) sends to the node.

/// <summary>Join the network that <paramref name="Host"/>:<paramref name="Port"/> belongs to: join it, ask who, join everyone listed.</summary>
public sealed record ConnectTo(string Host, int Port);

/// <summary>Send a chat line to every member. Answered with <see cref="BroadcastAccepted"/> once no member is backlogged: keep only a few unanswered.</summary>
public sealed record Broadcast(string Text);

/// <summary>
/// Several chat lines at once, sent in order, as one write per member: what a fast local sender
/// (a piped file) uses. Answered like <see cref="Broadcast"/>.
/// </summary>
public sealed record BroadcastLines(IReadOnlyList<string> Texts);

/// <summary>The broadcast is queued for every member and the node can take more.</summary>
public sealed record BroadcastAccepted
{
    public static readonly BroadcastAccepted Instance = new();
}

/// <summary>Asks for the members; answered with <see cref="PeerList"/>.</summary>
public sealed record ListPeers
{
    public static readonly ListPeers Instance = new();
}

/// <summary>Every member, sorted by name.</summary>
public sealed record PeerList(IReadOnlyList<PeerInfo> Peers);

/// <summary>Diagnostics: answered with <see cref="NodeStatus"/>.</summary>
public sealed record GetStatus
{
    public static readonly GetStatus Instance = new();
}

/// <summary>How many members the node has and how many peer connections are open (members, joins in progress, closing duplicates).</summary>
public sealed record NodeStatus(int Members, int Connections, int DialsQueued);

/// <summary>Send <c>leave</c> to every member and close; the node keeps listening. Answered with <see cref="NetworkLeft"/> once flushed (or the quit timeout passed).</summary>
public sealed record LeaveNetwork
{
    public static readonly LeaveNetwork Instance = new();
}

public sealed record NetworkLeft
{
    public static readonly NetworkLeft Instance = new();
}

/// <summary>
/// The node: owns the listener, the <see cref="PeerTable"/>, mesh joining and broadcasts, and
/// publishes <see cref="ChatEvent"/>s. Connections are its children and watched: a failing one is
/// stopped and reported, the node carries on.
/// </summary>
public sealed class PeerNode : ActorBase, IWithUnboundedStash, IWithTimers
{
    private sealed record Resolved(string Host, int Port, IPAddress? Address, string? Error);

    private sealed record LeaveTimedOut(IActorRef ReplyTo);

    private sealed record Dial(IPEndPoint Target, bool AsksWho);

    private sealed record RepairMesh
    {
        public static readonly RepairMesh Instance = new();
    }

    private readonly NodeSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Pull mode: the listener accepts this many connections per ResumeAccepting (sent again after each).
    private const int AcceptBatch = 8;
    private IActorRef _listener = ActorRefs.Nobody;
    private Join _own = null!;
    private PeerTable _table = PeerTable.Empty;
    private readonly HashSet<IActorRef> _awaitingJoin = [];
    private readonly Dictionary<IActorRef, IPEndPoint> _dialing = [];
    private readonly Queue<Dial> _dialQueue = new();
    private readonly HashSet<IPEndPoint> _whoOnJoin = [];
    // Members whose connection dropped while our own dial to them was under way (a duplicate
    // connection being settled): their departure waits for that dial's outcome.
    private readonly Dictionary<IActorRef, Member> _departing = [];
    private readonly HashSet<IActorRef> _backlogged = [];
    private readonly Queue<IActorRef> _pacedSenders = new();
    private readonly HashSet<IPAddress> _ownAddresses = [];
    private readonly HashSet<IActorRef> _leaving = [];
    private readonly List<IActorRef> _leaveWaiters = [];

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
            Context.System.EventStream.Publish(new ListenFailed(_settings.ListenHost, _settings.ListenPort, "the listen host must be an IP address, like 0.0.0.0 or 127.0.0.1"));
            Become(Stopped);
            return;
        }
        try
        {
            Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(host, _settings.ListenPort), options: [new SocketTuning(_settings)], pullMode: true));
        }
        catch (Exception e) // Akka.IO refuses its own settings (akka.io.tcp.*) here
        {
            Context.System.EventStream.Publish(new ListenFailed(_settings.ListenHost, _settings.ListenPort, e.Message));
            Become(Stopped);
            return;
        }
        Become(Binding);
    }

    protected override bool Receive(object message) => false;

    // Unbind first, so the listener stops because it was asked to, not because its owner died.
    protected override void PostStop() => _listener.Tell(Tcp.Unbind.Instance);

    private bool Stopped(object message) => true;

    private bool Binding(object message)
    {
        switch (message)
        {
            case Tcp.Bound bound:
                _listener = Sender;
                _listener.Tell(new Tcp.ResumeAccepting(AcceptBatch));
                var port = ((IPEndPoint)bound.LocalAddress).Port;
                _own = new Join(_settings.Name, _settings.Age, _settings.Zip, port);
                var host = IPAddress.Parse(_settings.ListenHost);
                if (!host.Equals(IPAddress.Any) && !host.Equals(IPAddress.IPv6Any)) _ownAddresses.Add(Addresses.Normalize(host));
                Context.System.EventStream.Publish(new Listening(_settings.ListenHost, port));
                foreach (var entry in _settings.Bootstrap)
                    if (Addresses.TryParseHostPort(entry, out var h, out var p, out _))
                        Self.Tell(new ConnectTo(h, p));
                if (_settings.MeshRepair) Timers.StartPeriodicTimer("mesh-repair", RepairMesh.Instance, _settings.MeshRepairInterval);
                Stash.UnstashAll();
                Become(Running);
                return true;
            case Tcp.CommandFailed failed:
                var why = failed.Cause.HasValue ? failed.Cause.Value.Message : "the address may be in use or not on this machine";
                Context.System.EventStream.Publish(new ListenFailed(_settings.ListenHost, _settings.ListenPort, why));
                Become(Stopped);
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
            // ── from Akka.IO ──
            case Tcp.Connected connected:
                Accept(connected);
                return true;
            case Tcp.ConnectionClosed or Tcp.Received:
                return true; // a refused connection's last words
            // ── from front ends ──
            case ConnectTo connect:
                Connect(connect);
                return true;
            case Resolved resolved:
                OnResolved(resolved);
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
                Sender.Tell(new NodeStatus(_table.Count, Context.GetChildren().Count(), _dialQueue.Count));
                return true;
            case LeaveNetwork:
                LeaveAll(Sender);
                return true;
            case RepairMesh:
                AskSomeoneWho();
                return true;
            case LeaveTimedOut timedOut:
                FinishLeaving(timedOut.ReplyTo);
                return true;
            // ── from connections ──
            case JoinCompleted joined:
                OnJoinCompleted(joined);
                return true;
            case WhoAsked:
                if (_table.FindByConnection(Sender) is { } asker)
                    Sender.Tell(new Send(PeerCodec.EncodeLine(new WhoReply(_table.WhoFor(asker.Identity)))));
                return true;
            case WhoAnswered answered:
                foreach (var address in answered.Peers) DialListed(address);
                return true;
            case WhoStillWanted wanted:
                _table.Find(wanted.Peer)?.Connection.Tell(RequestWho.Join);
                return true;
            case PeerSaidLeave:
                Remove(Sender, LeaveReason.Leave);
                return true;
            case ConnectionStalled:
                Remove(Sender, LeaveReason.Stalled);
                return true;
            case JoinAttemptFailed failed:
                Context.System.EventStream.Publish(new JoinFailed(failed.Address, failed.Reason));
                return true;
            case Backlogged backlogged:
                if (backlogged.Over) _backlogged.Add(Sender);
                else Unbacklog(Sender);
                return true;
            case Terminated terminated:
                OnConnectionGone(terminated.ActorRef);
                return true;
            default:
                return false;
        }
    }

    // ── Accepting ────────────────────────────────────────────────────────────────────────────────

    private int Occupied => _table.Count + _awaitingJoin.Count + _dialing.Count;

    private void Accept(Tcp.Connected connected)
    {
        _listener.Tell(new Tcp.ResumeAccepting(1));
        if (Occupied >= _settings.MaxPeers || _awaitingJoin.Count >= _settings.MaxPendingJoins)
        {
            _log.Info("refusing {0}: {1} peers, {2} not yet joined", connected.RemoteAddress, _table.Count, _awaitingJoin.Count);
            Sender.Tell(new Tcp.Register(Self));
            Sender.Tell(Tcp.Abort.Instance);
            return;
        }
        var connection = Context.Watch(Context.ActorOf(PeerConnection.Inbound(Self, _settings, _own, Sender, connected)));
        _awaitingJoin.Add(connection); // it registers itself with Akka.IO
    }

    // ── Joining networks and peers ───────────────────────────────────────────────────────────────

    private void Connect(ConnectTo connect)
    {
        if (IPAddress.TryParse(connect.Host, out var ip))
        {
            OnResolved(new Resolved(connect.Host, connect.Port, ip, null));
            return;
        }
        System.Net.Dns.GetHostAddressesAsync(connect.Host).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully && t.Result.Length > 0)
                return new Resolved(connect.Host, connect.Port, t.Result.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? t.Result[0], null);
            return new Resolved(connect.Host, connect.Port, null, $"cannot resolve '{connect.Host}'");
        }).PipeTo(Self);
    }

    private void OnResolved(Resolved resolved)
    {
        var label = $"{resolved.Host}:{resolved.Port}";
        if (resolved.Address is null)
        {
            Context.System.EventStream.Publish(new JoinFailed(label, resolved.Error ?? "cannot resolve"));
            return;
        }
        var ip = Addresses.Normalize(resolved.Address);
        if (IsSelf(ip, resolved.Port))
        {
            Context.System.EventStream.Publish(new JoinFailed(label, "that is this node's own address"));
            return;
        }
        // Already a member: no second connection, just ask it who else is there.
        if (_table.Find(PeerIdentity.Of(ip, resolved.Port)) is { } member)
        {
            member.Connection.Tell(RequestWho.Join);
            return;
        }
        var target = new IPEndPoint(ip, resolved.Port);
        // Already dialling it (a who-reply named it): no second connection; ask who once it has joined.
        if (_dialing.ContainsValue(target) || _dialQueue.Any(d => d.Target.Equals(target)))
        {
            _whoOnJoin.Add(target);
            return;
        }
        StartDial(new Dial(target, AsksWho: true));
    }

    private void DialListed(PeerAddress address)
    {
        if (!IPAddress.TryParse(address.Ip, out var parsed)) return;
        var ip = Addresses.Normalize(parsed);
        var target = new IPEndPoint(ip, address.Port);
        if (IsSelf(ip, address.Port) || _table.Contains(PeerIdentity.Of(ip, address.Port))) return;
        if (_dialing.ContainsValue(target) || _dialQueue.Any(d => d.Target.Equals(target))) return;
        StartDial(new Dial(target, AsksWho: false));
    }

    private void StartDial(Dial dial)
    {
        if (_dialing.Count >= _settings.MaxConcurrentDials)
        {
            if (Occupied + _dialQueue.Count < _settings.MaxPeers) _dialQueue.Enqueue(dial);
            return;
        }
        if (Occupied >= _settings.MaxPeers)
        {
            Context.System.EventStream.Publish(new JoinFailed(dial.Target.ToString(), $"this node already has {_settings.MaxPeers} peers (peerchat.limits.max-peers)"));
            return;
        }
        var connection = Context.Watch(Context.ActorOf(PeerConnection.Outbound(Self, _settings, _own, dial.Target, dial.AsksWho)));
        _dialing[connection] = dial.Target;
    }

    private void DialDone(IActorRef connection)
    {
        if (!_dialing.Remove(connection)) return;
        while (_dialQueue.Count > 0 && _dialing.Count < _settings.MaxConcurrentDials)
        {
            var next = _dialQueue.Dequeue();
            if (_table.Contains(PeerIdentity.Of(next.Target.Address, next.Target.Port))) continue;
            StartDial(next);
        }
    }

    private IActorRef? DialTo(PeerIdentity identity) =>
        identity.Advertised
            ? _dialing.FirstOrDefault(d => d.Value.Port == identity.Port && Addresses.Normalize(d.Value.Address).Equals(identity.Ip)).Key
            : null;

    private bool IsSelf(IPAddress ip, int port) =>
        port == _own.Port && (IPAddress.IsLoopback(ip) || _ownAddresses.Contains(ip));

    /// <summary>Mesh repair: a random member's who-reply, handled like any other, fills whatever gap the mesh has.</summary>
    private void AskSomeoneWho()
    {
        if (_table.Count == 0) return;
        var members = _table.Members;
        members[Random.Shared.Next(members.Count)].Connection.Tell(RequestWho.Repair);
    }

    private void OnJoinCompleted(JoinCompleted joined)
    {
        var connection = Sender;
        if (_leaving.Contains(connection)) return; // dismissed while its handshake was under way
        _awaitingJoin.Remove(connection);
        var wantsWho = _dialing.TryGetValue(connection, out var dialled) && _whoOnJoin.Remove(dialled);
        DialDone(connection);
        _ownAddresses.Add(joined.Self.Ip);

        if (joined.Peer == joined.Self)
        {
            connection.Tell(CloseQuietly.Instance);
            if (joined.Outbound) Context.System.EventStream.Publish(new JoinFailed(joined.Peer.ToString(), "that is this node's own address"));
            return;
        }

        var member = new Member(joined.Info, joined.Peer, connection, joined.Outbound);
        if (_table.Find(joined.Peer) is { } existing)
        {
            // Two connections to one peer (simultaneous joins). Both ends keep the one opened by the
            // side with the smaller identity, computed alike on each end; the other closes quietly.
            var keepOurs = joined.Self.CompareTo(joined.Peer) < 0;
            var newWins = existing.Outbound == joined.Outbound
                ? true // same direction: the peer came back (restart); the old connection is stale
                : joined.Outbound == keepOurs;
            if (newWins)
            {
                _table = _table.Join(member);
                existing.Connection.Tell(CloseQuietly.Instance);
                connection.Tell(Admitted.Instance);
            }
            else connection.Tell(CloseQuietly.Instance);
            if (wantsWho) (newWins ? connection : existing.Connection).Tell(RequestWho.Join);
            return;
        }

        if (_table.Count >= _settings.MaxPeers)
        {
            connection.Tell(CloseQuietly.Instance);
            if (joined.Outbound) Context.System.EventStream.Publish(new JoinFailed(joined.Peer.ToString(), $"this node already has {_settings.MaxPeers} peers"));
            return;
        }

        _table = _table.Join(member);
        // A member whose old connection just dropped, back through our dial: the same membership, no news.
        if (!(_departing.Remove(connection, out var former) && former.Identity == member.Identity))
        {
            if (former is not null) Context.System.EventStream.Publish(new PeerLeft(former.Info, LeaveReason.Disconnected));
            Context.System.EventStream.Publish(new PeerJoined(member.Info));
        }
        connection.Tell(Admitted.Instance); // after the event: the peer's messages must not overtake its arrival
        if (wantsWho) connection.Tell(RequestWho.Join);
    }

    // ── Broadcasting, with pacing ────────────────────────────────────────────────────────────────

    private void OnBroadcast(IReadOnlyList<string> texts)
    {
        // Encoded once for every member; many lines become one Send, so one write each.
        var send = new Send(texts.Count == 1 ? PeerCodec.EncodeLine(new ChatMessage(texts[0])) : EncodeAll(texts));
        var members = _table.Members;
        for (var i = 0; i < members.Count; i++) members[i].Connection.Tell(send);
        foreach (var text in texts) Context.System.EventStream.Publish(new MessageSent(text, members.Count));
        if (_backlogged.Count == 0) Sender.Tell(BroadcastAccepted.Instance);
        else _pacedSenders.Enqueue(Sender);
    }

    private static byte[] EncodeAll(IReadOnlyList<string> texts)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(texts.Count * 64);
        foreach (var text in texts) PeerCodec.Write(new ChatMessage(text), buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private void Unbacklog(IActorRef connection)
    {
        if (!_backlogged.Remove(connection) || _backlogged.Count > 0) return;
        while (_pacedSenders.TryDequeue(out var sender)) sender.Tell(BroadcastAccepted.Instance);
    }

    // ── Leaving ──────────────────────────────────────────────────────────────────────────────────

    private void Remove(IActorRef connection, LeaveReason reason)
    {
        _table = _table.Leave(connection, out var removed);
        if (removed is not null) Context.System.EventStream.Publish(new PeerLeft(removed.Info, reason));
    }

    private void OnConnectionGone(IActorRef connection)
    {
        if (_departing.Remove(connection, out var former))
            Context.System.EventStream.Publish(new PeerLeft(former.Info, LeaveReason.Disconnected));
        else if (_table.FindByConnection(connection) is { } member && DialTo(member.Identity) is { } dial)
        {
            _table = _table.Leave(connection, out _);
            _departing[dial] = member;
        }
        _awaitingJoin.Remove(connection);
        if (_dialing.TryGetValue(connection, out var failedDial)) _whoOnJoin.Remove(failedDial);
        DialDone(connection);
        Unbacklog(connection);
        Remove(connection, LeaveReason.Disconnected);
        if (_leaving.Remove(connection) && _leaving.Count == 0) FinishLeaving(null);
    }

    private void LeaveAll(IActorRef replyTo)
    {
        var count = _table.Count;
        foreach (var member in _table.Members)
        {
            member.Connection.Tell(SayLeave.Instance);
            _leaving.Add(member.Connection);
        }
        _table = PeerTable.Empty;
        _dialQueue.Clear();
        // Joins still in progress either way are dropped too: leaving means no connection at all.
        foreach (var joining in _dialing.Keys.Concat(_awaitingJoin))
        {
            joining.Tell(SayLeave.Instance);
            _leaving.Add(joining);
        }
        _departing.Clear();
        Context.System.EventStream.Publish(new LeftNetwork(count));
        _leaveWaiters.Add(replyTo);
        if (_leaving.Count == 0) FinishLeaving(null);
        else Timers.StartSingleTimer(replyTo, new LeaveTimedOut(replyTo), _settings.QuitTimeout);
    }

    private void FinishLeaving(IActorRef? timedOutFor)
    {
        if (timedOutFor is not null && !_leaveWaiters.Contains(timedOutFor)) return;
        foreach (var waiter in _leaveWaiters) waiter.Tell(NetworkLeft.Instance);
        _leaveWaiters.Clear();
    }
}
