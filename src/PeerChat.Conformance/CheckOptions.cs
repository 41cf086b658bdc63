namespace PeerChat.Conformance;

/// <summary>What <c>peerchat check</c> was asked to do.</summary>
public sealed record CheckOptions(string Host, int Port)
{
    /// <summary>Check ids or group names to run; empty runs them all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public string? JsonFile { get; init; }

    public string? JunitFile { get; init; }

    /// <summary>A shell command that starts the node under test, with <c>{port}</c> and <c>{peer}</c> in it.</summary>
    public string? StartCommand { get; init; }

    /// <summary>How long the node has to answer each request.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a started node has to dial its bootstrap peer (a cold start of a runtime on a busy machine).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most <paramref name="check"/> may take, whatever the node does; then it fails and the run goes on.</summary>
    public TimeSpan DeadlineFor(ConformanceCheck check) => (check.NeedsStart ? StartTimeout : TimeSpan.Zero) + 8 * ReplyTimeout;
}
