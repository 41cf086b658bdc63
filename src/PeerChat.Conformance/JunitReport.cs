using System.Globalization;
using System.Xml.Linq;

namespace PeerChat.Conformance;

/// <summary>
/// <c>--junit FILE</c>: JUnit XML, so a CI shows each check as a test. A testsuite per group; a MUST
/// failure is a <c>failure</c>, a skip is <c>skipped</c>, a WARN passes with its details in <c>system-out</c>
/// (a profile decision should not turn another implementation's build red).
/// </summary>
public static class JunitReport
{
    public static XDocument Build(CheckReport report)
    {
        var suites = report.Results.GroupBy(r => r.Check.Group).Select(g => new XElement("testsuite",
            new XAttribute("name", $"peerchat check {report.Target}: {g.Key}"),
            new XAttribute("tests", g.Count()),
            new XAttribute("failures", g.Count(r => r.Status == CheckStatus.Fail)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", g.Count(r => r.Status == CheckStatus.Skip)),
            new XAttribute("time", Seconds(g.Aggregate(TimeSpan.Zero, (t, r) => t + r.Duration))),
            new XAttribute("timestamp", report.Started.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            g.Select(Case)));
        return new XDocument(new XElement("testsuites",
            new XAttribute("name", $"peerchat check {report.Target}"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Count(CheckStatus.Fail)),
            new XAttribute("skipped", report.Count(CheckStatus.Skip)),
            new XAttribute("time", Seconds(report.Duration)),
            suites));
    }

    private static XElement Case(CheckResult r)
    {
        var level = r.Check.Level == CheckLevel.Must ? "MUST" : "PROFILE";
        var element = new XElement("testcase",
            new XAttribute("classname", $"peerchat.check.{r.Check.Group}"),
            new XAttribute("name", $"{r.Check.Id} ({r.Check.Section} {level}): {r.Check.Title}"),
            new XAttribute("time", Seconds(r.Duration)));
        var details = r.Expected is null ? null : Details(r);
        switch (r.Status)
        {
            case CheckStatus.Fail:
                element.Add(new XElement("failure", new XAttribute("message", $"expected {r.Expected}, got {r.Got}"), new XAttribute("type", "MUST"), details));
                break;
            case CheckStatus.Warn:
                element.Add(new XElement("system-out", $"WARN (a profile decision, not the spec)\n{details}"));
                break;
            case CheckStatus.Skip:
                element.Add(new XElement("skipped", new XAttribute("message", r.SkipReason ?? "")));
                break;
        }
        return element;
    }

    private static string Details(CheckResult r) =>
        string.Join("\n", r.Sent.Select(s => $"sent:     {s}").Append($"expected: {r.Expected}").Append($"got:      {r.Got}"));

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
