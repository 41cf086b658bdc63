using PeerChat.Node;

namespace PeerChat.App.Tui;

// The commands on the screen (/clear, /nick, /who, /peers, /help): what entering them does, and how the answers read.
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

    private void ShowPeers(PeersListed listed)
    {
        var matching = listed.Peers.Where(listed.Filter.Matches).ToList();
        var which = listed.Filter.Describe();
        if (matching.Count == 0)
        {
            System(which.Length == 0 ? "no peers yet. /connect HOST:PORT joins a network" : $"no peers {which}");
            return;
        }
        System($"{Plural(matching.Count, "peer")}{(which.Length > 0 ? " " + which : "")}:");
        foreach (var row in PeerColumns.Rows(matching)) System(row);
    }

    private void ShowHelp()
    {
        System("commands:");
        foreach (var (usage, meaning) in CommandSet.Screen.HelpLines) System($"  {usage,-20} {meaning}");
        System("keys: Enter send · ↑/↓ input history · Tab complete a command, name or address · PgUp/PgDn or the mouse wheel scroll · Ctrl+End back to the newest line · Ctrl+Q quit");
        System("editing: Ctrl+A/Ctrl+E start/end · Alt+B/Alt+F word back/forward · Ctrl+U/Ctrl+K kill to start/end · Ctrl+W, Alt+Backspace kill the word before · Alt+D the word after · Ctrl+Y yank the last kill");
    }
}
