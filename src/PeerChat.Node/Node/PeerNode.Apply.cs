using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Event;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;
using static PeerChat.Node.Joiner;

namespace PeerChat.Node;

// Applying the table's decisions, joining, broadcasting and leaving.
internal sealed partial class PeerNode
{
    private sealed record RefusalsCounted
    {
        public static readonly RefusalsCounted Instance = new();
    }

    private sealed record LeaveTimedOut
    {
        public static readonly LeaveTimedOut Instance = new();
    }

    private static readonly TimeSpan RefusalReportEvery = TimeSpan.FromSeconds(10);
    private int _refusedUnreported;

    /// <summary>Keeps the new table and does what the outcome asks, in the order <see cref="Outcome{TConn}"/> gives.</summary>
    private void Decide((PeerTable<IActorRef> Table, Outcome<IActorRef> Outcome) decision)
    {
        var (table, outcome) = decision;
        _table = table;
        foreach (var conn in outcome.Close) conn.Tell(CloseQuietly.Instance);
        foreach (var conn in outcome.Retire) conn.Tell(Retire.Instance);
        foreach (var e in outcome.Events) Context.System.EventStream.Publish(e);
        foreach (var conn in outcome.Admit) conn.Tell(Admit.Instance);
        foreach (var conn in outcome.StartHandshake) conn.Tell(StartHandshake.Instance);
        foreach (var conn in outcome.SayLeave) conn.Tell(SayLeave.Instance);
        foreach (var target in outcome.Dial)
            _table = _table.Dialled(target, Context.Watch(Context.ActorOf(PeerConnection.Outbound(Self, _settings, _own, target))));
        if (outcome.Verdict == Verdict.Refused) Refused();
        // Joiners waiting for this peer get its connection; those of a dial that ended otherwise are let go.
        var ready = outcome.Verdict is Verdict.Joined or Verdict.Resumed or Verdict.Reconnected or Verdict.Replaced or Verdict.KeptNew or Verdict.KeptExisting
            ? outcome.Member
            : null;
        if (ready is { Identity.Advertised: true }) EndJoiners(new IPEndPoint(ready.Identity.Ip, ready.Identity.Port), ready.Conn);
        if (outcome.EndedDial is { } dial) EndJoiners(dial, ready?.Conn);
    }

    // ── Joining ──────────────────────────────────────────────────────────────────────────────────

    private void OnJoinVia(IPEndPoint target)
    {
        var joiner = Sender;
        var (table, outcome) = _table.Dial(target, listed: false);
        switch (outcome.Verdict)
        {
            case Verdict.AlreadyMember:
                joiner.Tell(new MemberReady(outcome.Member!.Conn));
                break;
            case Verdict.Dialling or Verdict.Queued or Verdict.AlreadyDialling:
                var key = new IPEndPoint(Addresses.Normalize(target.Address), target.Port);
                _joiners = _joiners.SetItem(key, _joiners.GetValueOrDefault(key, []).Add(joiner));
                break;
            default: // ourselves, or no room: the outcome's event says so
                joiner.Tell(DialEnded.Instance);
                break;
        }
        Decide((table, outcome));
    }

    private void DialAll(IReadOnlyList<PeerAddress> peers)
    {
        var full = 0;
        foreach (var address in peers)
            if (IPAddress.TryParse(address.Ip, out var ip))
            {
                var (table, outcome) = _table.Dial(new IPEndPoint(ip, address.Port), listed: true);
                if (outcome.Verdict == Verdict.Full) full++;
                Decide((table, outcome));
            }
        // One line for the whole list, not one per peer left out.
        if (full > 0) Context.System.EventStream.Publish(new JoinFailed($"{full} listed peer{(full == 1 ? "" : "s")}", _table.FullReason));
    }

    /// <summary>The dial to <paramref name="target"/> is over: its joiners get the member's connection, or are told it ended.</summary>
    private void EndJoiners(IPEndPoint target, IActorRef? member)
    {
        if (!_joiners.TryGetValue(target, out var waiting)) return;
        _joiners = _joiners.Remove(target);
        foreach (var joiner in waiting) joiner.Tell(member is null ? DialEnded.Instance : new MemberReady(member));
    }

    // ── Broadcasting, paced ──────────────────────────────────────────────────────────────────────

    private void OnBroadcast(IReadOnlyList<string> texts)
    {
        // Encoded once for every member; many lines become one Write, so one socket write each.
        var write = new Write(texts.Count == 1 ? PeerCodec.EncodeLine(new ChatMessage(texts[0])) : EncodeAll(texts));
        var members = _table.Members;
        for (var i = 0; i < members.Count; i++) members[i].Conn.Tell(write);
        foreach (var text in texts) Context.System.EventStream.Publish(new MessageSent(text, members.Count));
        if (_sends.IsOpen) Sender.Tell(BroadcastAccepted.Instance);
        else _sends = _sends.Wait(Sender);
    }

    private static byte[] EncodeAll(IReadOnlyList<string> texts)
    {
        var buffer = new ArrayBufferWriter<byte>(texts.Count * 64);
        foreach (var text in texts) PeerCodec.Write(new ChatMessage(text), buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private void Drained(IActorRef conn)
    {
        (_sends, var released) = _sends.Under(conn);
        foreach (var sender in released) sender.Tell(BroadcastAccepted.Instance);
    }

    // ── Refusals: visible to whoever runs the node, without flooding its log ─────────────────────

    private void Refused()
    {
        if (_refusedUnreported++ > 0 || Timers.IsTimerActive(RefusalsCounted.Instance)) return;
        _log.Warning("refusing new connections: {0} peer sockets are open, the limit (peerchat.limits.max-peers = {1})", _table.Sockets, _settings.MaxPeers);
        _refusedUnreported = 0;
        Timers.StartSingleTimer(RefusalsCounted.Instance, RefusalsCounted.Instance, RefusalReportEvery);
    }

    private void ReportRefusals()
    {
        if (_refusedUnreported == 0) return;
        _log.Warning("refused {0} more connections in the last {1}s: the node is at peerchat.limits.max-peers = {2}", _refusedUnreported, RefusalReportEvery.TotalSeconds, _settings.MaxPeers);
        _refusedUnreported = 0;
        Timers.StartSingleTimer(RefusalsCounted.Instance, RefusalsCounted.Instance, RefusalReportEvery);
    }

    // ── Leaving ──────────────────────────────────────────────────────────────────────────────────

    private void StartLeaving(IActorRef waiter)
    {
        var (table, outcome) = _table.LeaveAll();
        Decide((table, outcome));
        foreach (var (target, _) in _joiners) EndJoiners(target, null);
        var closing = outcome.SayLeave.ToImmutableHashSet();
        if (closing.IsEmpty)
        {
            waiter.Tell(LeaveCompleted.Instance);
            return;
        }
        Timers.StartSingleTimer(LeaveTimedOut.Instance, LeaveTimedOut.Instance, _settings.QuitTimeout);
        Become(Leaving(closing, [waiter]));
    }

    /// <summary>Every connection was told to say leave; commands wait until they are closed or the quit timeout passes.</summary>
    private Receive Leaving(ImmutableHashSet<IActorRef> closing, ImmutableList<IActorRef> waiters) => message =>
    {
        switch (message)
        {
            case LeaveNetwork:
                Become(Leaving(closing, waiters.Add(Sender)));
                return true;
            case Terminated t when closing.Contains(t.ActorRef):
                var left = closing.Remove(t.ActorRef);
                Drained(t.ActorRef);
                if (left.IsEmpty) FinishLeaving(waiters);
                else Become(Leaving(left, waiters));
                return true;
            case LeaveTimedOut:
                FinishLeaving(waiters);
                return true;
            case JoinCompleted or WhoAsked or PeerSaidLeave or Stalled or Backlogged when closing.Contains(Sender):
                return true; // it is closing: what it says no longer matters
            case ConnectTo or Broadcast or BroadcastLines or ListPeers or GetStatus or ChangeName or AskMemberList:
                Stash.Stash();
                return true;
            default:
                return Peers(message);
        }
    };

    private void FinishLeaving(ImmutableList<IActorRef> waiters)
    {
        Timers.Cancel(LeaveTimedOut.Instance);
        foreach (var waiter in waiters) waiter.Tell(LeaveCompleted.Instance);
        Stash.UnstashAll();
        Become(Running);
    }
}
