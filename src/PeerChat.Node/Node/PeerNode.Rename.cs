using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

// A rename (/nick): the protocol has no rename, so the node says leave to every member, waits until
// those connections are closed, then joins each member again under the new name. A second join on a
// live connection would change nothing (protocol-profile.md), so every member gets a new connection.
// Commands wait meanwhile (stashed), so a line sent right after /nick reaches the members under the new name.
// <code>
// Running ─ChangeName─► LeavingToRejoin ─all closed─► Rejoining ─every dial over─► Running
// </code>
internal sealed partial class PeerNode
{
    private sealed record RenameTimedOut
    {
        public static readonly RenameTimedOut Instance = new();
    }

    private void OnChangeName(ChangeName change)
    {
        var name = change.Name.Trim();
        if (NodeName.Problem(name, _own.Name, _settings.MaxNameLength) is { } problem)
        {
            Sender.Tell(new NameRefused(change.Name, problem));
            return;
        }
        var (table, outcome, rejoin) = _table.LeaveToRejoin();
        var old = _own.Name;
        // Every connection opened from now on (the rejoins, a peer dialling in) joins or replies under the new name.
        _own = _own with { Name = name };
        Context.System.EventStream.Publish(new NameChanged(old, name, rejoin.Targets.Count, rejoin.Unreachable));
        Decide((table, outcome));
        foreach (var (target, _) in _joiners) EndJoiners(target, null);
        var closing = outcome.SayLeave.ToImmutableHashSet();
        if (closing.IsEmpty)
        {
            StartRejoin(rejoin.Targets);
            return;
        }
        Timers.StartSingleTimer(RenameTimedOut.Instance, RenameTimedOut.Instance, _settings.QuitTimeout);
        Become(LeavingToRejoin(closing, rejoin.Targets));
    }

    /// <summary>Every connection was told to say leave; the rejoin starts once they are closed (or the quit timeout passed).</summary>
    private Receive LeavingToRejoin(ImmutableHashSet<IActorRef> closing, IReadOnlyList<IPEndPoint> targets) => message =>
    {
        switch (message)
        {
            case Terminated t when closing.Contains(t.ActorRef):
                var left = closing.Remove(t.ActorRef);
                Drained(t.ActorRef);
                if (left.IsEmpty) StartRejoin(targets);
                else Become(LeavingToRejoin(left, targets));
                return true;
            case RenameTimedOut:
                StartRejoin(targets);
                return true;
            case JoinCompleted or WhoAsked or PeerSaidLeave or Stalled or Backlogged when closing.Contains(Sender):
                return true; // it is closing: what it says no longer matters
            case LeaveNetwork:
                Stash.Stash();
                Become(LeavingToRejoin(closing, [])); // leaving anyway: nobody to join again
                return true;
            case ConnectTo or Broadcast or BroadcastLines or ListPeers or GetStatus or ChangeName or AskMemberList:
                Stash.Stash();
                return true;
            default:
                return Peers(message);
        }
    };

    private void StartRejoin(IReadOnlyList<IPEndPoint> targets)
    {
        DialAll(targets.Select(t => new PeerAddress(t.Address.ToString(), t.Port)).ToArray());
        if (!_table.Dialling(targets))
        {
            FinishRename();
            return;
        }
        // A safety net only: each dial reports its own failure, with its own timeouts.
        Timers.StartSingleTimer(RenameTimedOut.Instance, RenameTimedOut.Instance, _settings.ConnectTimeout + _settings.JoinReplyTimeout + TimeSpan.FromSeconds(1));
        Become(Rejoining(targets));
    }

    /// <summary>Dials to the old members are under way; commands wait until each has joined or failed.</summary>
    private Receive Rejoining(IReadOnlyList<IPEndPoint> targets) => message =>
    {
        switch (message)
        {
            case RenameTimedOut:
                FinishRename();
                return true;
            case LeaveNetwork: // quitting must not wait for the rejoin
                Stash.Stash();
                FinishRename();
                return true;
            case ConnectTo or Broadcast or BroadcastLines or ListPeers or GetStatus or ChangeName or AskMemberList:
                Stash.Stash();
                return true;
            default:
                var handled = Peers(message);
                if (!_table.Dialling(targets)) FinishRename();
                return handled;
        }
    };

    private void FinishRename()
    {
        Timers.Cancel(RenameTimedOut.Instance);
        Stash.UnstashAll();
        Become(Running);
    }
}
