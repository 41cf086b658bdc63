namespace PeerChat.Conformance;

/// <summary>How one check went. <see cref="Sent"/>, <see cref="Expected"/> and <see cref="Got"/> are set for a FAIL or WARN.</summary>
public sealed record CheckResult(ConformanceCheck Check, CheckStatus Status, TimeSpan Duration)
{
    public IReadOnlyList<string> Sent { get; init; } = [];

    public string? Expected { get; init; }

    public string? Got { get; init; }

    /// <summary>Why it was skipped.</summary>
    public string? SkipReason { get; init; }
}
