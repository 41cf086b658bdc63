using System.Text.Json;
using System.Xml.Linq;
using PeerChat.Conformance;
using PeerChat.Testing;

namespace PeerChat.Check.Tests;

/// <summary>The <c>peerchat check</c> program itself: exit status, what it prints, the files it writes.</summary>
public sealed class CheckProcessTests : PeerChatTestKit
{
    [Fact]
    public async Task Checking_our_node_with_start_passes_everything_exits_0_and_writes_json_and_junit()
    {
        var node = await StartNodeAsync("Checked");
        var folder = Directory.CreateTempSubdirectory("peerchat-check-");
        var json = Path.Combine(folder.FullName, "check.json");
        var junit = Path.Combine(folder.FullName, "check.xml");
        var start = $"dotnet \"{CheckProcess.Dll}\" --headless --host 127.0.0.1 --port {{port}} --connect {{peer}} --name Started";

        var run = await CheckProcess.RunAsync("check", $"127.0.0.1:{node.Port}", "--start", start, "--json", json, "--junit", junit);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var all = CheckCatalog.All.Count;
        Assert.EndsWith($"{all} passed, 0 failed; every MUST check passed", run.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(all, run.Output.Split('\n').Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(all, report.RootElement.GetProperty("checks").EnumerateArray().Count(c => c.GetProperty("status").GetString() == "pass"));
        var suites = XDocument.Load(junit).Root!;
        Assert.Equal(all.ToString(CultureInfo.InvariantCulture), suites.Attribute("tests")!.Value);
        Assert.Equal("0", suites.Attribute("failures")!.Value);
        Assert.Equal(all, suites.Descendants("testcase").Count());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Checking_a_broken_node_exits_1_and_prints_sent_expected_got_under_the_failure()
    {
        await using var node = TinyNode.Start(TinyNodeFaults.ListsRequester);
        var folder = Directory.CreateTempSubdirectory("peerchat-check-");
        var junit = Path.Combine(folder.FullName, "check.xml");

        var run = await CheckProcess.RunAsync("check", $"127.0.0.1:{node.Port}", "--only", "who.excludes-requester,join.reply", "--junit", junit);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var fail = Array.FindIndex(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^FAIL +who\.excludes-requester +§4d +MUST +the who-reply does not list the member who asked$"));
        Assert.True(fail >= 0, run.Output);
        Assert.StartsWith("      sent:     check-1 → {\"type\":\"join\"", lines[fail + 1], StringComparison.Ordinal);
        Assert.Equal("                check-1 → {\"type\":\"who\"}", lines[fail + 2]);
        Assert.StartsWith("      expected: no entry for check-1 itself", lines[fail + 3], StringComparison.Ordinal);
        Assert.StartsWith("      got:      {\"type\":\"who-reply\",\"peers\":[{\"ip\":\"127.0.0.1\"", lines[fail + 4], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("PASS  join.reply ", StringComparison.Ordinal));
        Assert.Equal("2 checks in", lines[^2][..11]);
        var failure = Assert.Single(XDocument.Load(junit).Descendants("failure"));
        Assert.StartsWith("who.excludes-requester", failure.Parent!.Attribute("name")!.Value, StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Check_help_lists_every_check_with_its_section_and_level_and_exits_0()
    {
        var run = await CheckProcess.RunAsync("check", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("peerchat check <HOST:PORT> [options]", run.Output, StringComparison.Ordinal);
        Assert.All(CheckCatalog.All, c => Assert.Matches($@"\n  {System.Text.RegularExpressions.Regex.Escape(c.Id)} +{c.Section} +{(c.Level == CheckLevel.Must ? "MUST" : "PROFILE")} ", run.Output));
        Assert.Contains("Exit status: 0 when every MUST check passed, 1 when one failed, 2 for a bad option.", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("peerchat: check needs the node to test, like peerchat check 127.0.0.1:5000 (see peerchat check --help)", "check")]
    [InlineData("peerchat: check: 'localhost' is not HOST:PORT (for example 127.0.0.1:5000) (see peerchat check --help)", "check", "localhost")]
    [InlineData("peerchat: option '--only': no check or group named 'who.rply'; did you mean who.reply? (see peerchat check --help)", "check", "127.0.0.1:5000", "--only", "who.rply")]
    [InlineData("peerchat: option '--start' needs {port} and {peer} in the command, where the started node listens and whom it joins (see peerchat check --help)", "check", "127.0.0.1:5000", "--start", "mynode --port 5001")]
    [InlineData("peerchat: option '--headless' is for running a node; check takes --only, --json, --junit and --start (see peerchat check --help)", "--headless", "check", "127.0.0.1:5000")]
    [InlineData("peerchat: option '--json' needs a value, like --json FILE (see peerchat check --help)", "check", "127.0.0.1:5000", "--json")]
    [InlineData("peerchat: option '--junit': the folder /nonexistent/peerchat does not exist (see peerchat check --help)", "check", "127.0.0.1:5000", "--junit", "/nonexistent/peerchat/check.xml")]
    public async Task Bad_usage_is_one_line_on_stderr_and_exit_2_before_any_check_runs(string error, params string[] args)
    {
        var run = await CheckProcess.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error, run.Error.TrimEnd());
        Assert.Equal("", run.Output);
    }
}
