using PeerChat.Node;

namespace PeerChat.Testing;

/// <summary>
/// One chat line from a member, what a test expects (<see cref="INodeHandle.ExpectMessageAsync"/>).
/// The node publishes chat only as <see cref="MessagesReceived"/> batches, one per read; the
/// TestKit hands their lines out one by one, in order, as these.
/// </summary>
public sealed record MessageReceived(PeerInfo From, string Text) : ChatEvent;
