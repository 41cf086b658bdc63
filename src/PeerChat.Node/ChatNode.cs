using Akka.Actor;

namespace PeerChat.Node;

/// <summary>Starting a node: one per ActorSystem, at <c>/user/node</c>; its events go to that system's EventStream.</summary>
public static class ChatNode
{
    public const string ActorName = "node";

    public static IActorRef Start(ActorSystem system, NodeSettings settings) => system.ActorOf(PeerNode.Props(settings), ActorName);
}

// Commands a front end (or a test) sends to the node, and its replies.

/// <summary>Join the network that <paramref name="Host"/>:<paramref name="Port"/> belongs to: join it, ask who, join everyone listed.</summary>
public sealed record ConnectTo(string Host, int Port);

/// <summary>Send a chat line to every member. Answered with <see cref="BroadcastAccepted"/> once no member is backlogged: keep only a few unanswered.</summary>
public sealed record Broadcast(string Text);

/// <summary>
/// Several chat lines at once, sent in order, as one write per member: what a fast local sender
/// (a piped file) uses. Answered like <see cref="Broadcast"/>.
/// </summary>
public sealed record BroadcastLines(IReadOnlyList<string> Texts);

/// <summary>The broadcast is queued for every member and the node can take more.</summary>
public sealed record BroadcastAccepted
{
    public static readonly BroadcastAccepted Instance = new();
}

/// <summary>Asks for the members; answered with <see cref="PeerList"/>.</summary>
public sealed record ListPeers
{
    public static readonly ListPeers Instance = new();
}

/// <summary>Every member, sorted by name.</summary>
public sealed record PeerList(IReadOnlyList<PeerInfo> Peers);

/// <summary>Diagnostics: answered with <see cref="NodeStatus"/>.</summary>
public sealed record GetStatus
{
    public static readonly GetStatus Instance = new();
}

/// <summary>
/// How many members the node has, how many peer sockets it holds open (members, handshakes, parked
/// connections, dials), how many dials wait for a place and how many accepted connections wait for a handshake slot.
/// </summary>
public sealed record NodeStatus(int Members, int Connections, int DialsQueued, int Parked);

/// <summary>Send <c>leave</c> to every member and close; the node keeps listening. Answered with <see cref="LeaveCompleted"/> once flushed (or the quit timeout passed).</summary>
public sealed record LeaveNetwork
{
    public static readonly LeaveNetwork Instance = new();
}

/// <summary>The answer to <see cref="LeaveNetwork"/>: every connection is closed (or the quit timeout passed).</summary>
public sealed record LeaveCompleted
{
    public static readonly LeaveCompleted Instance = new();
}
