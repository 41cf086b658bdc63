namespace PeerChat.Testing;

// Network splits between in-process nodes: see NetworkPartition.
public sealed partial class PeerChatHarness
{
    /// <summary>
    /// Cuts every link between a node of <paramref name="side"/> and a node of <paramref name="otherSide"/>
    /// without stopping any, and returns once no node lists a member across; heal it with
    /// <see cref="NetworkPartition.HealAsync"/>. Each node sees the other side leave as
    /// <c>disconnected</c>; until the heal, the two sides do not meet again.
    /// </summary>
    public Task<NetworkPartition> PartitionAsync(IReadOnlyList<ChatNodeHandle> side, IReadOnlyList<ChatNodeHandle> otherSide, TimeSpan? timeout = null)
    {
        ThrowIfDisposed();
        return NetworkPartition.CutAsync(side, otherSide, _limits, timeout);
    }

    /// <summary>Cuts the one link between <paramref name="node"/> and <paramref name="other"/>; both keep their other members.</summary>
    public Task<NetworkPartition> CutLinkAsync(ChatNodeHandle node, ChatNodeHandle other, TimeSpan? timeout = null) =>
        PartitionAsync([node], [other], timeout);
}
