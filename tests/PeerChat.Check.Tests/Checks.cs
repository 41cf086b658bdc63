using PeerChat.Conformance;
using PeerChat.Testing;

namespace PeerChat.Check.Tests;

/// <summary>Running the checks in-process against a node on loopback, and reading the results.</summary>
internal static class Checks
{
    /// <summary>For runs where a node should answer: room for a busy machine (PEERCHAT_TEST_TIMEFACTOR stretches it).</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5) * PeerChatTimeouts.TimeFactor;

    public static Task<CheckReport> RunAsync(int port, params string[] only) => RunAsync(port, ReplyTimeout, only);

    /// <summary>Runs with <paramref name="replyTimeout"/>: short where every wait is meant to run out.</summary>
    public static Task<CheckReport> RunAsync(int port, TimeSpan replyTimeout, params string[] only) =>
        RunAsync(new CheckOptions("127.0.0.1", port) { Only = only, ReplyTimeout = replyTimeout });

    public static Task<CheckReport> RunAsync(CheckOptions options) =>
        new ConformanceRunner(options).RunAsync(CheckCatalog.Select(options.Only));

    public static CheckResult Result(this CheckReport report, string id) => report.Results.Single(r => r.Check.Id == id);

    public static IReadOnlyList<string> Ids(this CheckReport report, CheckStatus status) =>
        [.. report.Results.Where(r => r.Status == status).Select(r => r.Check.Id)];

    /// <summary>Every check that ran passed, except exactly <paramref name="failing"/> (FAIL for MUST, WARN for profile checks).</summary>
    public static void AssertOnlyThese(this CheckReport report, params string[] failing)
    {
        var notPassed = report.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Warn).ToList();
        Assert.True(
            notPassed.Select(r => r.Check.Id).Order().SequenceEqual(failing.Order()),
            $"expected exactly [{string.Join(", ", failing)}] to fail; these did:{Environment.NewLine}" +
            string.Join(Environment.NewLine, notPassed.Select(ConsoleReport.Line)));
    }
}
