using System.Net;
using Akka.Actor;
using PeerChat.Protocol;

namespace PeerChat.Node;

// /who HOST:PORT or /who NAME: one member's own member list, asked over its connection.
internal sealed partial class PeerNode
{
    private void OnAskMemberList(AskMemberList ask)
    {
        var member = ask.Member.Trim();
        if (FindMember(member, out var problem) is not { } entry)
        {
            Sender.Tell(new MemberListFailed(member, problem));
            return;
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in _table.Members)
            if (m.Identity.Advertised) names[HostPort.Format(m.Identity.Ip.ToString(), m.Identity.Port)] = m.Info.Name;
        Context.ActorOf(MemberListQuestion.Props(entry.Conn, entry.Info, Sender, names, _settings.WhoReplyTimeout));
    }

    /// <summary>The member at <c>HOST:PORT</c> (an IP address or localhost), else the one member of that name (exact case first).</summary>
    private Entry<IActorRef>? FindMember(string member, out string problem)
    {
        problem = "";
        if (HostPort.TryParse(member, out var host, out var port, out _) && ParseIp(host) is { } ip)
        {
            if (_table.ByIdentityOf(PeerIdentity.Of(ip, port)) is { } atAddress) return atAddress;
            problem = $"no member at {HostPort.Format(host, port)} (/peers lists the members)";
            return null;
        }
        var named = _table.Members.Where(m => m.Info.Name == member).ToArray();
        if (named.Length == 0) named = _table.Members.Where(m => string.Equals(m.Info.Name, member, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (named.Length == 1) return named[0];
        problem = named.Length == 0
            ? $"no member is called {member} (/peers lists the members)"
            : $"{named.Length} members are called {member}: ask one by address, /who HOST:PORT ({string.Join(", ", named.Select(m => m.Info.Address))})";
        return null;
    }

    private static IPAddress? ParseIp(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : null;
}
