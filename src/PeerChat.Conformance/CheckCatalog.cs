using PeerChat.Conformance.Checks;

namespace PeerChat.Conformance;

/// <summary>Every check, grouped and ordered as the spec is.</summary>
public static class CheckCatalog
{
    public static IReadOnlyList<ConformanceCheck> All { get; } =
    [
        .. FramingChecks.All,
        .. JoinChecks.All,
        .. WhoChecks.All,
        .. MessageChecks.All,
        .. LeaveChecks.All,
        .. RobustnessChecks.All,
        .. MeshChecks.All,
    ];

    public static IReadOnlyList<string> Groups { get; } = [.. All.Select(c => c.Group).Distinct()];

    /// <summary>The checks <paramref name="only"/> names (ids or groups), in catalog order; all of them when it is empty.</summary>
    public static IReadOnlyList<ConformanceCheck> Select(IReadOnlyList<string> only) =>
        only.Count == 0 ? All : [.. All.Where(c => only.Contains(c.Id) || only.Contains(c.Group))];

    /// <summary>The first of <paramref name="only"/> that is neither a check id nor a group, or null.</summary>
    public static string? Unknown(IReadOnlyList<string> only) =>
        only.FirstOrDefault(name => !All.Any(c => c.Id == name) && !Groups.Contains(name));
}
