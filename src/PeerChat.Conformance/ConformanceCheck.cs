namespace PeerChat.Conformance;

/// <summary>
/// One clause tested: <paramref name="Id"/> is <c>group.name</c>, <paramref name="Section"/> the spec section
/// (<c>§4d</c>), <paramref name="Title"/> what a conforming node does. The body throws <see cref="CheckFailedException"/>
/// (or lets a raw peer's failed expectation through) when the node does otherwise.
/// </summary>
public sealed record ConformanceCheck(string Id, string Section, CheckLevel Level, string Title, Func<CheckSession, Task> Body)
{
    /// <summary>The spec's grouping: the part of the id before the dot.</summary>
    public string Group => Id[..Id.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>True when the check starts the node itself (the <c>--start</c> command), so it is skipped without one.</summary>
    public bool NeedsStart { get; init; }
}
