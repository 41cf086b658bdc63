using System.Diagnostics;
using PeerChat.Protocol;
using Xunit.Sdk;

namespace PeerChat.Conformance;

/// <summary>
/// Runs checks one after another, each in its own <see cref="CheckSession"/> and within its deadline:
/// whatever the node does (answers wrongly, never answers, crashes, was never there), every check ends
/// with a result and the run goes on to the next.
/// </summary>
public sealed class ConformanceRunner(CheckOptions options)
{
    /// <summary>The node under test as <c>HOST:PORT</c>.</summary>
    public string Target { get; } = HostPort.Format(options.Host, options.Port);

    public async Task<CheckReport> RunAsync(IReadOnlyList<ConformanceCheck> checks, Action<CheckResult>? onResult = null)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            var result = await RunOneAsync(check);
            results.Add(result);
            onResult?.Invoke(result);
        }
        return new CheckReport(Target, started, watch.Elapsed, results);
    }

    public async Task<CheckResult> RunOneAsync(ConformanceCheck check)
    {
        if (check.NeedsStart && options.StartCommand is null)
            return new CheckResult(check, CheckStatus.Skip, TimeSpan.Zero) { SkipReason = "needs --start (the runner starts the node to test this)" };
        var watch = Stopwatch.StartNew();
        var session = new CheckSession(options);
        try
        {
            var body = Task.Run(() => check.Body(session));
            var deadline = options.DeadlineFor(check);
            if (await Task.WhenAny(body, Task.Delay(deadline)) != body)
                return await FailedAsync(check, session, watch, check.Title, $"no outcome within the check's deadline of {deadline.TotalSeconds:0.#} s; the check was stopped");
            await body;
            return new CheckResult(check, CheckStatus.Pass, watch.Elapsed);
        }
        catch (CheckFailedException failed)
        {
            return await FailedAsync(check, session, watch, failed.Expected, failed.Got);
        }
        catch (Exception e) when (e is XunitException or EndOfStreamException or IOException or System.Net.Sockets.SocketException)
        {
            return await FailedAsync(check, session, watch, check.Title, e.Message);
        }
        finally
        {
            // Closing the sockets also ends a body still waiting past its deadline.
            await session.DisposeAsync();
        }
    }

    private static async Task<CheckResult> FailedAsync(ConformanceCheck check, CheckSession session, Stopwatch watch, string expected, string got)
    {
        var end = await session.StartedNodeEndAsync();
        return new(check, check.Level == CheckLevel.Must ? CheckStatus.Fail : CheckStatus.Warn, watch.Elapsed)
        {
            Sent = session.Sent,
            Expected = expected,
            Got = got.Contains(end, StringComparison.Ordinal) ? got : got + end,
        };
    }
}
