namespace PeerChat.Conformance;

/// <summary>A check's verdict on the node: what a conforming node would have done, and what this one did.</summary>
public sealed class CheckFailedException(string expected, string got) : Exception($"expected {expected}, got {got}")
{
    public string Expected { get; } = expected;

    public string Got { get; } = got;
}
