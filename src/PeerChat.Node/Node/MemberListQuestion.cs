using Akka.Actor;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

/// <summary>
/// One <see cref="AskMemberList"/>: asks the member's connection <c>who</c> and answers
/// <c>replyTo</c> with <see cref="MemberListed"/> or <see cref="MemberListFailed"/>, then stops.
/// Its own actor, so its answer never mixes with the node's own <c>who</c>s (joins, mesh repair).
/// </summary>
internal sealed class MemberListQuestion : ActorBase, IWithTimers
{
    private sealed record TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    private readonly IActorRef _connection;
    private readonly PeerInfo _member;
    private readonly IActorRef _replyTo;
    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly TimeSpan _timeout;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="names">The names of this node's members by address (<c>ip:port</c>), to name the listed addresses.</param>
    public static Props Props(IActorRef connection, PeerInfo member, IActorRef replyTo, IReadOnlyDictionary<string, string> names, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new MemberListQuestion(connection, member, replyTo, names, timeout));

    public MemberListQuestion(IActorRef connection, PeerInfo member, IActorRef replyTo, IReadOnlyDictionary<string, string> names, TimeSpan timeout)
    {
        _connection = connection;
        _member = member;
        _replyTo = replyTo;
        _names = names;
        _timeout = timeout;
    }

    protected override void PreStart()
    {
        Context.Watch(_connection);
        _connection.Tell(new AskWho(Self));
        Timers.StartSingleTimer(TimedOut.Instance, TimedOut.Instance, _timeout);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WhoAnswered answered:
                var peers = answered.Peers
                    .Select(p => new ListedPeer(p.Ip, p.Port, _names.GetValueOrDefault(Protocol.HostPort.Format(p.Ip, p.Port))))
                    .ToArray();
                return Answer(new MemberListed(_member, peers));
            case TimedOut:
                return Answer(new MemberListFailed(_member.Name, $"{_member.Name} ({_member.Address}) sent no who-reply within {_timeout.TotalSeconds:0.#}s"));
            case Terminated:
                return Answer(new MemberListFailed(_member.Name, $"{_member.Name} ({_member.Address}) left before answering"));
            default:
                return false;
        }
    }

    private bool Answer(object answer)
    {
        _replyTo.Tell(answer);
        Context.Stop(Self);
        return true;
    }
}
