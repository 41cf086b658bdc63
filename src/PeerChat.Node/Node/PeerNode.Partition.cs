using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;
using static PeerChat.Node.Joiner;

namespace PeerChat.Node;

// Cut links (CutLink, HealLink): a scripted network split. While a link is cut, every way the two
// peers could meet again is closed here, before the membership rules see it: our dials to it (asked
// for, or from a who-reply) are not made, and a handshake with it, either way, is dropped.
internal sealed partial class PeerNode
{
    private ImmutableHashSet<PeerIdentity> _cut = [];

    /// <summary>Handles the cut commands and, while any link is cut, whatever would rejoin it; false for the rest.</summary>
    private bool CutLinks(object message)
    {
        switch (message)
        {
            case CutLink cut:
                var identity = PeerIdentity.Of(cut.Peer.Address, cut.Peer.Port);
                _cut = _cut.Add(identity);
                if (_table.ByIdentityOf(identity) is { } member)
                {
                    // Gone now, so the answer below finds it gone; its Terminated later finds nothing to do.
                    member.Conn.Tell(CloseQuietly.Instance);
                    Decide(_table.Gone(member.Conn, LeaveReason.Disconnected));
                }
                Sender.Tell(new LinkState(cut.Peer, IsCut: true));
                return true;
            case HealLink heal:
                _cut = _cut.Remove(PeerIdentity.Of(heal.Peer.Address, heal.Peer.Port));
                Sender.Tell(new LinkState(heal.Peer, IsCut: false));
                return true;
        }
        if (_cut.IsEmpty) return false;
        switch (message)
        {
            case JoinVia via when IsCut(via.Target.Address, via.Target.Port):
                Context.System.EventStream.Publish(new JoinFailed(PeerIdentity.Of(via.Target.Address, via.Target.Port).ToString(), "the link to this peer is cut"));
                Sender.Tell(DialEnded.Instance);
                return true;
            case DialListed listed:
                DialAll(Reachable(listed.Peers));
                return true;
            case WhoAnswered answered:
                DialAll(Reachable(answered.Peers));
                return true;
            case JoinCompleted joined when _cut.Contains(joined.Peer):
                Sender.Tell(CloseQuietly.Instance); // its Terminated frees the handshake slot or the dial
                return true;
            default:
                return false;
        }
    }

    private bool IsCut(IPAddress ip, int port) => _cut.Contains(PeerIdentity.Of(ip, port));

    private PeerAddress[] Reachable(IReadOnlyList<PeerAddress> peers) =>
        peers.Where(p => !IPAddress.TryParse(p.Ip, out var ip) || !IsCut(ip, p.Port)).ToArray();
}
