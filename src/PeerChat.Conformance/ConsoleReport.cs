using System.Globalization;

namespace PeerChat.Conformance;

/// <summary>The text <c>peerchat check</c> prints: a line per check as it finishes, what went wrong under it, a summary.</summary>
public static class ConsoleReport
{
    private const int ShownSentLines = 6;
    private const string Indent = "      ";

    private static readonly int IdWidth = CheckCatalog.All.Max(c => c.Id.Length) + 2;

    public static string Header(string target, IReadOnlyList<ConformanceCheck> checks, bool canStart)
    {
        var needStart = checks.Count(c => c.NeedsStart);
        var note = needStart == 0 || canStart ? "" : $", {needStart} of them skipped: they need --start";
        return $"peerchat check {target}: {Checks(checks.Count)}{note}";
    }

    /// <summary>One line for the check; for a FAIL or WARN, then what was sent, expected and got.</summary>
    public static string Line(CheckResult result)
    {
        var check = result.Check;
        var level = check.Level == CheckLevel.Must ? "MUST" : "PROFILE";
        var head = $"{Status(result.Status),-5} {check.Id.PadRight(IdWidth)}{check.Section,-5} {level,-8} {check.Title}";
        if (result.Status == CheckStatus.Skip) return $"{head}{Environment.NewLine}{Indent}{result.SkipReason}";
        if (result.Expected is null) return head;
        var lines = new List<string> { head };
        var sent = result.Sent.TakeLast(ShownSentLines).ToList();
        if (result.Sent.Count > sent.Count) sent.Insert(0, $"… ({result.Sent.Count - sent.Count} earlier lines)");
        for (var i = 0; i < sent.Count; i++) lines.Add($"{Indent}{(i == 0 ? "sent:" : ""),-10}{sent[i]}");
        if (sent.Count == 0) lines.Add($"{Indent}{"sent:",-10}nothing");
        lines.Add($"{Indent}{"expected:",-10}{result.Expected}");
        lines.Add($"{Indent}{"got:",-10}{result.Got}");
        return string.Join(Environment.NewLine, lines);
    }

    public static string Summary(CheckReport report)
    {
        var parts = new List<string> { $"{report.Count(CheckStatus.Pass)} passed", $"{report.Count(CheckStatus.Fail)} failed" };
        if (report.Count(CheckStatus.Warn) > 0) parts.Add($"{report.Count(CheckStatus.Warn)} warned (profile)");
        if (report.Count(CheckStatus.Skip) > 0) parts.Add($"{report.Count(CheckStatus.Skip)} skipped");
        var verdict = report.Passed ? "every MUST check passed" : "some MUST checks failed";
        return string.Create(CultureInfo.InvariantCulture, $"{Checks(report.Results.Count)} in {report.Duration.TotalSeconds:0.0} s: {string.Join(", ", parts)}; {verdict}");
    }

    private static string Checks(int count) => count == 1 ? "1 check" : $"{count} checks";

    public static string Status(CheckStatus status) => status.ToString().ToUpperInvariant();
}
