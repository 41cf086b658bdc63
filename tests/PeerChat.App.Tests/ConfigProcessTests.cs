using System.Globalization;
using System.Text;
using PeerChat.App;
using PeerChat.Testing;

namespace PeerChat.App.Tests;

/// <summary>
/// The built peerchat.dll as a process, given bad settings (each must end with exit 2 and one line on
/// stderr naming the key, file and line) or the extremes the schema accepts (each must give a node that
/// answers a join over a real socket). In the process collection: one at a time, the machine is small.
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class ConfigProcessTests
{
    /// <summary>A config file's text, and what its one stderr line must contain ("F" stands for the file's path).</summary>
    public static TheoryData<string, string> BadFiles => new()
    {
        { "peerchat.limits.max-peer = 10", "config: peerchat.limits.max-peer: unknown key; did you mean peerchat.limits.max-peers? (from F, line 1)" },
        { "# my settings\npeerchat.timeout.stall = 5s", "config: peerchat.timeout.stall: unknown key; did you mean peerchat.timeouts.stall? (from F, line 2)" },
        { "peerchat.identity = \"Dave\"", "config: peerchat.identity: must be an object" },
        { "peerchat.bootstrap = \"nowhere\"", "config: peerchat.bootstrap: 'nowhere' is not HOST:PORT" },
        { "peerchat.limits.max-line-length = 2147483600", "config: peerchat.limits.max-line-length: must be a size from 256 B to 1023 MiB" },
        { "peerchat.limits {\n  outbound-high-water = 2 MiB\n  max-outbound-buffer = 1 MiB\n}", "config: peerchat.limits.max-outbound-buffer: (1 MiB) must be at least peerchat.limits.outbound-high-water (2 MiB)" },
        { "peerchat.keepalive.count = 128", "config: peerchat.keepalive.count: must be a whole number from 1 to 127, got '128' (from F, line 1)" },
        { "peerchat.identity.name = = x", "F: line 1: 'peerchat.identity.name' has two '='" },
        { "a = 1\nb = [1, 2\nc = 3", "F: line 3: unquoted '=' inside a list" },
        { "peerchat {\n  listen.port = 1\n", "F: line 1: '{' is never closed" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_config_file_exits_2_with_one_line_naming_the_key_and_line(string hocon, string expected)
    {
        using var file = new TempConfigFile(hocon);
        var line = await OneErrorLineAsync("--headless", "--port", "0", "--config", file.Path);
        Assert.Contains(expected.Replace("F", file.Path, StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task Binary_garbage_as_config_file_exits_2_with_one_line()
    {
        using var file = new TempConfigFile("");
        File.WriteAllBytes(file.Path, File.ReadAllBytes(PeerchatProcess.DllPath).AsSpan(0, 4096).ToArray());
        var line = await OneErrorLineAsync("--headless", "--port", "0", "--config", file.Path);
        Assert.Contains(file.Path, line);
        Assert.Contains("not UTF-8 text", line);
    }

    public static TheoryData<string[], string> BadFlags => new()
    {
        { ["--prot", "5"], "peerchat: unknown option '--prot'; did you mean --port? (see peerchat --help)" },
        { ["--headles"], "peerchat: unknown option '--headles'; did you mean --headless? (see peerchat --help)" },
        { ["--port", "70000"], "peerchat: option '--port' needs a number from 0 to 65535, got '70000' (see peerchat --help)" },
        { ["--name"], "peerchat: option '--name' needs a value, like --name NAME (see peerchat --help)" },
        { ["--connect", "nowhere"], "peerchat: option '--connect': 'nowhere' is not HOST:PORT (for example 127.0.0.1:5000) (see peerchat --help)" },
        { ["--headless=yes"], "peerchat: option '--headless' takes no value (see peerchat --help)" },
        { ["--version", "--port", "1"], "peerchat: option '--version' goes alone (see peerchat --help)" },
        { ["--headless", "--age", "x"], "peerchat: option '--age' needs a whole number, got 'x' (see peerchat --help)" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public async Task Bad_flag_exits_2_with_one_line_naming_the_flag(string[] args, string expected)
    {
        Assert.Equal(expected, await OneErrorLineAsync(args));
    }

    [Fact]
    public async Task Version_prints_the_informational_version_and_exits_0()
    {
        using var node = PeerchatProcess.Start("--version");
        Assert.Equal($"peerchat {CommandLine.Version}", await node.NextLineAsync());
        Assert.Equal(0, await node.ExitCodeAsync());
        Assert.Empty(node.StderrLines());
    }

    [Theory]
    [InlineData(nameof(SettingKey.Min))]
    [InlineData(nameof(SettingKey.Max))]
    public async Task Node_at_every_extreme_the_schema_accepts_answers_a_join(string end)
    {
        using var file = new TempConfigFile(Extremes(end == nameof(SettingKey.Min)));
        using var node = PeerchatProcess.Start("--headless", "--host", "127.0.0.1", "--port", "0", "--config", file.Path);
        var port = await node.ListeningPortAsync();
        await using var peer = await RawPeer.JoinAsync(port, "Raw", timeout: PeerchatProcess.Timeout);
        var joined = await node.ExpectEventAsync("peer-joined");
        // At the lowest max-name-length (1) the node cuts "Raw" to "R".
        Assert.StartsWith(joined.GetProperty("name").GetString()!, "Raw");
    }

    /// <summary>Every bounded key of the schema at one end of its range, as a config file.</summary>
    private static string Extremes(bool lowest)
    {
        var hocon = new StringBuilder();
        foreach (var key in PeerchatSchema.Keys)
        {
            var bound = lowest ? key.Min : key.Max;
            var value = key.Type switch
            {
                SettingType.WholeNumber or SettingType.Size => bound.ToString(CultureInfo.InvariantCulture),
                SettingType.Duration => $"{bound}ms",
                SettingType.Digits => ConfigLoader.Quote(new string('7', (int)bound)),
                _ => null,
            };
            if (value is not null && key.Path != "peerchat.listen.port") hocon.Append(CultureInfo.InvariantCulture, $"{key.Path} = {value}\n");
        }
        return hocon.ToString();
    }

    /// <summary>Runs peerchat, which must exit 2 with exactly one line on stderr, nothing on stdout and no stack trace.</summary>
    private static async Task<string> OneErrorLineAsync(params string[] args)
    {
        using var node = PeerchatProcess.Start(args);
        Assert.Equal(2, await node.ExitCodeAsync());
        var stderr = node.StderrLines();
        Assert.True(stderr.Count == 1, $"expected one line on stderr, got {stderr.Count}: {string.Join(" | ", stderr)}");
        Assert.DoesNotContain("Exception", stderr[0]);
        Assert.Empty(node.RemainingStdoutLines());
        return stderr[0];
    }
}
