using Akka.Actor;

namespace PeerChat.Node;

/// <summary>Starting a node: one per ActorSystem, at <c>/user/node</c>; its events go to that system's EventStream.</summary>
public static class ChatNode
{
    public const string ActorName = "node";

    public static IActorRef Start(ActorSystem system, NodeSettings settings) => system.ActorOf(PeerNode.Props(settings), ActorName);
}
