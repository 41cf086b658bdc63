using System.CommandLine;
using System.CommandLine.Help;
using PeerChat.Conformance;
using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>
/// <c>peerchat check HOST:PORT [--only ID,...] [--json FILE] [--junit FILE] [--start COMMAND]</c>: the
/// conformance runner's command line. Every value is checked before a single check runs, so a mistake
/// is one line naming the option and never a wasted run.
/// </summary>
internal static class CheckCommandLine
{
    private const string SeeHelp = " (see peerchat check --help)";

    private static readonly Argument<string> TargetArgument = new("HOST:PORT") { Description = "the node to test" };
    private static readonly Option<string[]> OnlyOption = new("--only") { HelpName = "ID,...", Description = "run only these checks or groups (comma-separated; repeatable)" };
    private static readonly Option<string[]> JsonOption = new("--json") { HelpName = "FILE", Description = "also write the results as JSON, for tools" };
    private static readonly Option<string[]> JunitOption = new("--junit") { HelpName = "FILE", Description = "also write the results as JUnit XML, for CI" };
    private static readonly Option<string[]> StartOption = new("--start") { HelpName = "COMMAND", Description = "a shell command that starts the node to test, with {port} (where it should listen) and {peer} (HOST:PORT it should join); runs the checks marked 'needs --start'" };

    /// <summary>The <c>check</c> subcommand, added to peerchat's root command.</summary>
    public static Command Command { get; } = Build();

    /// <summary>The text after the generated option list: the checks, the levels, the exit status.</summary>
    public static string Epilogue =>
        "Checks (an id or a group name works with --only):" + Environment.NewLine +
        string.Join(Environment.NewLine, CheckCatalog.All.Select(c =>
            $"  {c.Id,-27}{c.Section,-5}{(c.Level == CheckLevel.Must ? "MUST" : "PROFILE"),-9}{c.Title}{(c.NeedsStart ? " (needs --start)" : "")}")) +
        Environment.NewLine + Environment.NewLine +
        """
        MUST checks test what the spec says; PROFILE checks test how PeerChat reads a gap in it, and a
        failed one prints WARN. Example, checking a node and starting fresh copies of it for the mesh checks:
          peerchat check 127.0.0.1:5000 --start "peerchat --headless --port {port} --connect {peer}"

        Exit status: 0 when every MUST check passed, 1 when one failed, 2 for a bad option.
        """;

    public static string Usage => UsageText.Value;

    private static readonly Lazy<string> UsageText = new(() =>
    {
        var output = new StringWriter();
        var root = new RootCommand { Command };
        root.HelpName = "peerchat";
        root.Parse(["check", "--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString().TrimEnd() + Environment.NewLine + Environment.NewLine + Epilogue;
    });

    /// <summary>The check command's options from a parse of the whole command line whose command is <see cref="Command"/>.</summary>
    public static CommandLineResult Read(ParseResult result, IReadOnlyList<string> args)
    {
        if (result.Action is HelpAction) return new CommandLineResult.Help(Usage);
        if (CommandLine.MissingValue(args, Command) is { } missing) return Invalid(missing);
        if (result.RootCommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().FirstOrDefault(o => !o.Implicit) is { } stray)
            return Invalid($"option '{stray.Option.Name}' is for running a node; check takes --only, --json, --junit and --start");
        if (result.GetResult(TargetArgument) is not { Tokens.Count: > 0 }) return Invalid("check needs the node to test, like peerchat check 127.0.0.1:5000");
        if (result.Errors.Count > 0) return Invalid("check: " + result.Errors[0].Message.TrimEnd('.'));
        if (!HostPort.TryParse(result.GetValue(TargetArgument)!, out var host, out var port, out var error)) return Invalid($"check: {error}");

        var only = (result.GetValue(OnlyOption) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (CheckCatalog.Unknown(only) is { } unknown)
        {
            var known = CheckCatalog.All.Select(c => c.Id).Concat(CheckCatalog.Groups);
            var near = NearestName.Find(unknown, known, NearestName.TypoEdits(unknown));
            return Invalid($"option '--only': no check or group named '{unknown}'{(near is null ? "" : $"; did you mean {near}?")}");
        }
        var options = new CheckOptions(host, port) { Only = only };
        foreach (var (option, file) in new[] { (JsonOption, CommandLine.Last(result, JsonOption)), (JunitOption, CommandLine.Last(result, JunitOption)) })
        {
            if (file is null) continue;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null && !Directory.Exists(folder)) return Invalid($"option '{option.Name}': the folder {folder} does not exist");
        }
        options = options with { JsonFile = CommandLine.Last(result, JsonOption), JunitFile = CommandLine.Last(result, JunitOption) };
        if (CommandLine.Last(result, StartOption) is { } start)
        {
            if (!start.Contains("{port}", StringComparison.Ordinal) || !start.Contains("{peer}", StringComparison.Ordinal))
                return Invalid("option '--start' needs {port} and {peer} in the command, where the started node listens and whom it joins");
            options = options with { StartCommand = start };
        }
        return new CommandLineResult.Check(options);
    }

    private static Command Build()
    {
        var command = new Command("check", "Test a PeerChat node (any implementation) against the protocol, clause by clause.")
        {
            TargetArgument, OnlyOption, JsonOption, JunitOption, StartOption,
        };
        foreach (var option in command.Options.OfType<Option<string[]>>()) option.AllowMultipleArgumentsPerToken = false;
        return command;
    }

    private static CommandLineResult.Invalid Invalid(string message) => new(message + SeeHelp);
}
