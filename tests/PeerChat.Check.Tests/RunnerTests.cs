using PeerChat.Conformance;

namespace PeerChat.Check.Tests;

/// <summary>The run always ends, with a result per check, whatever the node does.</summary>
public sealed class RunnerTests
{
    [Fact]
    public async Task An_unreachable_node_fails_every_check_saying_it_cannot_connect()
    {
        using var closed = ClosedPort.Hold();
        var port = ClosedPort.PortOf(closed);

        var report = await Checks.RunAsync(port);

        Assert.All(report.Results.Where(r => !r.Check.NeedsStart), r =>
        {
            Assert.NotEqual(CheckStatus.Pass, r.Status);
            Assert.Equal($"a TCP connection to 127.0.0.1:{port}", r.Expected);
            Assert.StartsWith($"cannot connect to 127.0.0.1:{port}", r.Got, StringComparison.Ordinal);
        });
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task A_node_that_dies_mid_run_passes_what_it_answered_then_fails_the_rest()
    {
        // One connection per framing check: it dies as the third check connects.
        await using var node = TinyNode.Start(crashAfter: 3);

        var report = await Checks.RunAsync(node.Port, "framing", "join");

        Assert.Equal(["framing.split-line", "framing.crlf"], report.Ids(CheckStatus.Pass));
        Assert.Equal(CheckStatus.Fail, report.Result("framing.many-per-read").Status);
        Assert.All(report.Results.Where(r => r.Check.Group == "join"), r => Assert.StartsWith("cannot connect", r.Got, StringComparison.Ordinal));
        Assert.Equal(CheckCatalog.Select(["framing", "join"]).Count, report.Results.Count);
    }

    [Fact]
    public async Task A_check_that_never_ends_fails_at_its_deadline_and_the_next_one_runs()
    {
        var options = new CheckOptions("127.0.0.1", 1) { ReplyTimeout = TimeSpan.FromMilliseconds(100) };
        var stuck = new ConformanceCheck("test.stuck", "§0", CheckLevel.Must, "never ends", _ => Task.Delay(Timeout.Infinite));
        var quick = new ConformanceCheck("test.quick", "§0", CheckLevel.Must, "ends at once", _ => Task.CompletedTask);

        var report = await new ConformanceRunner(options).RunAsync([stuck, quick]);

        Assert.Equal(CheckStatus.Fail, report.Result("test.stuck").Status);
        Assert.Equal("no outcome within the check's deadline of 0.8 s; the check was stopped", report.Result("test.stuck").Got);
        Assert.Equal(CheckStatus.Pass, report.Result("test.quick").Status);
    }

    [Fact]
    public async Task Checks_that_start_the_node_are_skipped_without_a_start_command()
    {
        await using var node = TinyNode.Start();

        var report = await Checks.RunAsync(node.Port, "mesh");

        Assert.All(report.Results, r => Assert.Equal(CheckStatus.Skip, r.Status));
        Assert.True(report.Passed);
    }

    [Fact]
    public async Task A_start_command_that_exits_fails_the_mesh_checks_with_its_exit_code_and_last_words()
    {
        await using var node = TinyNode.Start();
        var options = new CheckOptions("127.0.0.1", node.Port)
        {
            Only = ["mesh.join-first"],
            ReplyTimeout = Checks.ReplyTimeout,
            StartCommand = "echo 'cannot bind {port}' >&2; exit 3; {peer}",
        };

        var report = await Checks.RunAsync(options);

        var result = report.Result("mesh.join-first");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Matches(@"^no connection \(the node exited with code 3; its last stderr lines: cannot bind \d+\)$", result.Got);
    }

    [Fact]
    public async Task A_started_node_that_crashes_after_its_join_fails_the_next_step_with_its_exit_code()
    {
        await using var node = TinyNode.Start();
        // A node in four lines of bash: connect to {peer}, send a join, say why it dies, die.
        var script = Path.Combine(Path.GetTempPath(), $"peerchat-check-crash-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, """
            peer=$2
            exec 3<>"/dev/tcp/${peer%:*}/${peer##*:}"
            printf '{"type":"join","name":"Crash","age":"1","zip":"1","port":"%s"}\n' "$1" >&3
            echo "out of memory" >&2
            exit 4
            """);
        var options = new CheckOptions("127.0.0.1", node.Port)
        {
            Only = ["mesh.who"],
            ReplyTimeout = Checks.ReplyTimeout,
            StartCommand = $"bash {script} {{port}} {{peer}}",
        };

        var report = await Checks.RunAsync(options);

        File.Delete(script);
        var result = report.Result("mesh.who");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("a who after the join-reply", result.Expected);
        Assert.EndsWith("(the node exited with code 4; its last stderr lines: out of memory)", result.Got, StringComparison.Ordinal);
    }
}
