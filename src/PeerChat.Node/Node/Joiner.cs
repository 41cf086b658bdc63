using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

/// <summary>
/// One <see cref="ConnectTo"/> (a bootstrap entry, <c>/connect</c>): resolve the host, have the node
/// join it (or find it already a member), ask it <c>who</c>, and hand the list to the node to join
/// everyone on it. Every failure is one <see cref="JoinFailed"/>; the joiner then stops.
/// <code>
/// Resolving ─address─► WaitingForMember ─MemberReady─► AskingWho ─who-reply─► (node dials the list) stop
///                                                        └─member gone before answering─► WaitingForMember (once)
/// </code>
/// </summary>
internal sealed class Joiner : ActorBase, IWithTimers
{
    // ── with the node ──

    /// <summary>joiner → node: join <paramref name="Target"/> (or say it is a member); answer with <see cref="MemberReady"/> or <see cref="DialEnded"/>.</summary>
    public sealed record JoinVia(IPEndPoint Target);

    /// <summary>node → joiner: <paramref name="Connection"/> carries the member at the target.</summary>
    public sealed record MemberReady(IActorRef Connection);

    /// <summary>node → joiner: the target did not become a member; the node has already said why.</summary>
    public sealed record DialEnded { public static readonly DialEnded Instance = new(); }

    /// <summary>joiner → node: the who-reply of the member we joined through: join all of these.</summary>
    public sealed record DialListed(IReadOnlyList<PeerAddress> Peers);

    private sealed record Resolved(IPAddress? Address);

    private sealed record TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    private readonly IActorRef _node;
    private readonly NodeSettings _settings;
    private readonly string _label;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef node, NodeSettings settings, string host, int port) =>
        Akka.Actor.Props.Create(() => new Joiner(node, settings, host, port));

    public Joiner(IActorRef node, NodeSettings settings, string host, int port)
    {
        _node = node;
        _settings = settings;
        _label = Protocol.HostPort.Format(host, port);
        Become(Resolving(host, port));
    }

    protected override void PreStart() => Self.Tell(Start.Instance);

    protected override bool Receive(object message) => false;

    private sealed record Start
    {
        public static readonly Start Instance = new();
    }

    private Receive Resolving(string host, int port) => message =>
    {
        if (message is Start)
        {
            if (IPAddress.TryParse(host, out var ip)) Self.Tell(new Resolved(ip));
            else Dns.GetHostAddressesAsync(host).ContinueWith(t => new Resolved(
                t.IsCompletedSuccessfully && t.Result.Length > 0
                    ? t.Result.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? t.Result[0]
                    : null)).PipeTo(Self);
            return true;
        }
        if (message is not Resolved resolved) return false;
        if (resolved.Address is null) return Fail($"cannot resolve '{host}'");
        var target = new IPEndPoint(Addresses.Normalize(resolved.Address), port);
        Ask(target);
        return true;
    };

    private void Ask(IPEndPoint target)
    {
        _node.Tell(new JoinVia(target));
        // A safety net only: the dial reports its own failures, each with its own timeout.
        Timers.StartSingleTimer(TimedOut.Instance, TimedOut.Instance, _settings.ConnectTimeout + _settings.JoinReplyTimeout + TimeSpan.FromSeconds(1));
        Become(WaitingForMember(target, retried: false));
    }

    private Receive WaitingForMember(IPEndPoint target, bool retried) => message =>
    {
        switch (message)
        {
            case MemberReady ready:
                Context.Watch(ready.Connection);
                ready.Connection.Tell(new AskWho(Self));
                Timers.StartSingleTimer(TimedOut.Instance, TimedOut.Instance, _settings.WhoReplyTimeout);
                Become(AskingWho(target, ready.Connection, retried));
                return true;
            case DialEnded:
                Context.Stop(Self);
                return true;
            case TimedOut:
                return Fail("no answer from the node; try again");
            default:
                return false;
        }
    };

    private Receive AskingWho(IPEndPoint target, IActorRef member, bool retried) => message =>
    {
        switch (message)
        {
            case WhoAnswered answered:
                _node.Tell(new DialListed(answered.Peers));
                Context.Stop(Self);
                return true;
            case TimedOut:
                return Fail($"no who-reply within {_settings.WhoReplyTimeout.TotalSeconds:0.#}s; joined this peer only");
            case Terminated t when t.ActorRef.Equals(member) && !retried:
                // Its connection lost a duplicate race (or dropped): ask whichever carries it now, once.
                _node.Tell(new JoinVia(target));
                Become(WaitingForMember(target, retried: true));
                return true;
            case Terminated t when t.ActorRef.Equals(member):
                return Fail("the member's connection closed before its who-reply");
            default:
                return false;
        }
    };

    private bool Fail(string reason)
    {
        Context.System.EventStream.Publish(new JoinFailed(_label, reason));
        Context.Stop(Self);
        return true;
    }

}
