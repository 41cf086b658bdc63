using System.Xml;

namespace PeerChat.Conformance;

/// <summary>
/// <c>peerchat check</c> once its options are valid: runs the selected checks against the node, prints
/// each result as it comes, writes the JSON and JUnit files. Exit 0 when every MUST check passed, else 1;
/// 2 when a report file cannot be written (one line on standard error).
/// </summary>
public static class CheckCommand
{
    public const int ExitPassed = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        var checks = CheckCatalog.Select(options.Only);
        var runner = new ConformanceRunner(options);
        await stdout.WriteLineAsync(ConsoleReport.Header(runner.Target, checks, options.StartCommand is not null));
        var report = await runner.RunAsync(checks, r =>
        {
            stdout.WriteLine(ConsoleReport.Line(r));
            stdout.Flush();
        });
        await stdout.WriteLineAsync(ConsoleReport.Summary(report));
        await stdout.FlushAsync();
        try
        {
            if (options.JsonFile is { } json)
            {
                await using var file = File.Create(json);
                JsonReport.Write(report, file);
            }
            if (options.JunitFile is { } junit)
            {
                using var writer = XmlWriter.Create(junit, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
                JunitReport.Build(report).Save(writer);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"peerchat check: cannot write the report: {e.Message}");
            return ExitUsage;
        }
        return report.Passed ? ExitPassed : ExitFailed;
    }
}
