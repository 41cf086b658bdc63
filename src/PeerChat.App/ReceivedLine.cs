using PeerChat.Node;

namespace PeerChat.App;

/// <summary>One line of a <see cref="MessagesReceived"/> batch, as the headless output writes it (the chat screen walks the batch itself).</summary>
internal sealed record ReceivedLine(PeerInfo From, string Text);
