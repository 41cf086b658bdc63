using Akka.Actor;

namespace PeerChat.Node;

/// <summary>
/// Keeps a fast sender from filling memory with chat events nobody has shown yet. A front end
/// that reports each <see cref="MessageReceived"/> it has handled (<see cref="Handled"/>) turns
/// this on; from then on, while more than <c>peerchat.limits.inbound-backlog</c> messages wait,
/// connections stop reading and TCP slows the senders down. Nothing is dropped. Without such a
/// front end (a test probe, a bot that only counts), nothing is paced.
/// </summary>
public sealed class InboundPacing : IExtension
{
    private long _published;
    private long _handled;
    private volatile bool _active;

    public static InboundPacing For(ActorSystem system) => system.WithExtension<InboundPacing, InboundPacingProvider>();

    /// <summary>Called once by the front end that will report what it has handled.</summary>
    public void Activate()
    {
        Interlocked.Exchange(ref _handled, Interlocked.Read(ref _published));
        _active = true;
    }

    public bool Active => _active;

    /// <summary>Messages published but not yet handled.</summary>
    public long Backlog => _active ? Interlocked.Read(ref _published) - Interlocked.Read(ref _handled) : 0;

    internal void Published(int count)
    {
        if (_active) Interlocked.Add(ref _published, count);
    }

    /// <summary>The front end has shown (or written) <paramref name="count"/> received messages.</summary>
    public void Handled(int count = 1) => Interlocked.Add(ref _handled, count);
}

public sealed class InboundPacingProvider : ExtensionIdProvider<InboundPacing>
{
    public override InboundPacing CreateExtension(ExtendedActorSystem system) => new();
}
