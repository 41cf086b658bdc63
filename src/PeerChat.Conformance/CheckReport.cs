namespace PeerChat.Conformance;

/// <summary>A whole run: which node, when, and each check's result in the order they ran.</summary>
public sealed record CheckReport(string Target, DateTimeOffset Started, TimeSpan Duration, IReadOnlyList<CheckResult> Results)
{
    /// <summary>Every MUST check that ran passed (warnings and skips do not count against a node).</summary>
    public bool Passed => Count(CheckStatus.Fail) == 0;

    public int Count(CheckStatus status) => Results.Count(r => r.Status == status);
}
