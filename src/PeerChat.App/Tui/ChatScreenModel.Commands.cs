using PeerChat.Node;

namespace PeerChat.App.Tui;

// /clear, /nick and /who HOST:PORT|NAME on the screen: what entering them does, and how the node's answers read.
internal sealed partial class ChatScreenModel
{
    private Submitted SubmitCommand(InputCommand command)
    {
        switch (command)
        {
            case InputCommand.Clear:
                Log.Clear(); // the view only: the transcript keeps every line
                return new Submitted(null, ClearInput: true);
            case InputCommand.AskMember ask:
                System($"asking {TextSafety.Inert(ask.Member, 300)} for its member list…");
                return new Submitted(command, ClearInput: true);
            default: // /nick: the node answers with NameChanged, or NameRefused
                return new Submitted(command, ClearInput: true);
        }
    }

    /// <summary>The answers to <c>/nick</c> and <c>/who HOST:PORT|NAME</c>.</summary>
    private void ApplyCommandAnswer(object e)
    {
        switch (e)
        {
            case NameChanged changed:
                var old = OwnDisplayName;
                OwnName = changed.NewName;
                OwnDisplayName = TextSafety.Inert(changed.NewName, 256);
                // The node said leave to every member; each one that takes the new join comes back as a join.
                Roster.Clear();
                System(changed.Rejoining == 0
                    ? $"you are now {OwnDisplayName}"
                    : $"you are now {OwnDisplayName}: left {Plural(changed.Rejoining, "peer")} and joining again under the new name (they see {old} leave and {OwnDisplayName} join)");
                if (changed.Unreachable > 0)
                    System($"{Plural(changed.Unreachable, "peer")} advertised no listen port: cannot join {(changed.Unreachable == 1 ? "it" : "them")} again");
                break;
            case NameRefused refused:
                Error($"/nick: {OneLine(refused.Reason)}");
                break;
            case MemberListed listed:
                ShowMemberList(listed);
                break;
            case MemberListFailed failed:
                Error($"/who: {OneLine(failed.Reason)}");
                break;
        }
    }

    private void ShowMemberList(MemberListed listed)
    {
        var member = $"{Name(listed.Member)} ({listed.Member.Address})";
        if (listed.Peers.Count == 0)
        {
            System($"{member} lists no peers besides you and itself");
            return;
        }
        System($"{member} lists {Plural(listed.Peers.Count, "peer")} besides you and itself:");
        foreach (var p in listed.Peers)
        {
            var address = TextSafety.Inert(p.Address, 300); // from the member's who-reply: not ours to trust
            System(p.Name is null ? $"  {address}  (not a member here)" : $"  {LogLayout.Fit(TextSafety.Inert(p.Name, 512), LogEntry.MaxNameColumns)}  {address}");
        }
    }
}
