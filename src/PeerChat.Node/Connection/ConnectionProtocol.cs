using System.Net;
using Akka.Actor;
using PeerChat.Protocol;

namespace PeerChat.Node;

/// <summary>
/// Everything a <see cref="PeerConnection"/> and the node say to each other, in one place (as
/// <c>Akka.IO.Tcp</c> keeps its commands and events). Timer and ack messages stay private in the actor.
/// </summary>
internal static class ConnectionProtocol
{
    // ── node → connection: what to do ──

    /// <summary>A parked inbound connection got a handshake slot: start reading its join.</summary>
    public sealed record StartHandshake { public static readonly StartHandshake Instance = new(); }

    /// <summary>The node took this connection as the member's one connection: start chatting.</summary>
    public sealed record Admit { public static readonly Admit Instance = new(); }

    /// <summary>Not wanted (a replaced member, ourselves, no room): abort, nobody is told.</summary>
    public sealed record CloseQuietly { public static readonly CloseQuietly Instance = new(); }

    /// <summary>
    /// The losing one of two connections to the same peer: nobody is told, but the peer may have
    /// chatted on it before it settled the pair itself, so finish writing, close our side, and read
    /// (and publish) until the peer closes its side too.
    /// </summary>
    public sealed record Retire { public static readonly Retire Instance = new(); }

    /// <summary>We are leaving: write <c>leave</c> if joined, flush, close.</summary>
    public sealed record SayLeave { public static readonly SayLeave Instance = new(); }

    /// <summary>
    /// Chat for this member: one or more encoded lines. The same array goes to every member and on to
    /// Akka.IO as it is, until the socket has it: never changed once sent.
    /// </summary>
    public sealed record Write(byte[] Lines);

    /// <summary>The answer to this member's oldest unanswered <c>who</c>.</summary>
    public sealed record AnswerWho(WhoReplyBytes Reply);

    /// <summary>Ask the peer <c>who</c>; its answer goes to <paramref name="ReplyTo"/> as <see cref="WhoAnswered"/>.</summary>
    public sealed record AskWho(IActorRef ReplyTo);

    /// <summary>The front end has shown this connection's chat batches up to <paramref name="UpTo"/>: it may read more.</summary>
    public sealed record Confirmed(long UpTo);

    // ── connection → node: what happened ──

    /// <summary>A join (inbound) or join-reply (outbound) arrived; the connection waits for <see cref="Admit"/> or <see cref="CloseQuietly"/>.</summary>
    public sealed record JoinCompleted(PeerInfo Info, PeerIdentity Peer, PeerIdentity Self, bool Outbound);

    /// <summary>The member asked <c>who</c>; answer with <see cref="AnswerWho"/>. At most one is unanswered per connection.</summary>
    public sealed record WhoAsked { public static readonly WhoAsked Instance = new(); }

    /// <summary>The member sent <c>leave</c>; the connection is closing.</summary>
    public sealed record PeerSaidLeave { public static readonly PeerSaidLeave Instance = new(); }

    /// <summary>Writes to the member made no progress (or piled up past max-outbound-buffer); the connection is dropped.</summary>
    public sealed record Stalled(string Why);

    /// <summary>Our dial did not become a member: the connect or the handshake failed.</summary>
    public sealed record DialFailed(IPEndPoint Target, string Reason);

    /// <summary>The member's unsent bytes crossed outbound-high-water (up when <paramref name="Over"/>, back below half of it when not).</summary>
    public sealed record Backlogged(bool Over);

    // ── connection → whoever asked ──

    /// <summary>The who-reply to an <see cref="AskWho"/>.</summary>
    public sealed record WhoAnswered(IReadOnlyList<PeerAddress> Peers);
}
