using PeerChat.Node;

namespace PeerChat.App;

/// <summary>One line of a <see cref="MessagesReceived"/> batch, as the front ends write or show it.</summary>
internal sealed record ReceivedLine(PeerInfo From, string Text);
