using PeerChat.Protocol;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>What the user asked for on the command line; null means "not given" (a lower config layer decides).</summary>
internal sealed record CommandLineOptions
{
    public string? ConfigFile { get; init; }
    public string? Name { get; init; }
    public string? Age { get; init; }
    public string? Zip { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    /// <summary>Each <c>--connect HOST:PORT</c>, in order: bootstrap peers added to the configured ones.</summary>
    public IReadOnlyList<string> Connect { get; init; } = [];
    public bool Headless { get; init; }
    /// <summary><c>--log-level</c>, as Akka spells it (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>, <c>OFF</c>): <c>akka.loglevel</c>.</summary>
    public string? LogLevel { get; init; }
}

internal abstract record CommandLineResult
{
    private CommandLineResult() { }

    /// <summary>Start peerchat with these options.</summary>
    public sealed record Run(CommandLineOptions Options) : CommandLineResult;

    /// <summary><c>--help</c> or <c>-h</c>: print <paramref name="Text"/> (by default <see cref="CommandLine.Usage"/>) and exit 0.</summary>
    public sealed record Help(string? Text = null) : CommandLineResult;

    /// <summary><c>peerchat check HOST:PORT …</c>: run the conformance checks against that node.</summary>
    public sealed record Check(PeerChat.Conformance.CheckOptions Options) : CommandLineResult;

    /// <summary><c>--version</c>: print <see cref="CommandLine.Version"/> and exit 0.</summary>
    public sealed record Version : CommandLineResult;

    /// <summary>The arguments are wrong: print <c>peerchat: {Message}</c> and exit 2.</summary>
    public sealed record Invalid(string Message) : CommandLineResult;
}

/// <summary>
/// Parses <c>peerchat [--config FILE] [--name NAME] … [--headless] [--help] [--version]</c> with
/// System.CommandLine (which also writes the option list of <c>--help</c>); never prints, never exits.
/// Each value is checked here, so a mistake is one line naming the option.
/// </summary>
internal static class CommandLine
{
    private const string SeeHelp = " (see peerchat --help)";

    private static readonly Option<string[]> ConfigOption = new("--config") { HelpName = "FILE", Description = "read settings from a HOCON file; it needs only the keys it changes" };
    private static readonly Option<string[]> NameOption = new("--name") { HelpName = "NAME", Description = "your name, shown to other peers (peerchat.identity.name)" };
    private static readonly Option<string[]> AgeOption = new("--age") { HelpName = "N", Description = "your age (peerchat.identity.age)" };
    private static readonly Option<string[]> ZipOption = new("--zip") { HelpName = "N", Description = "your zip code, digits (peerchat.identity.zip)" };
    private static readonly Option<string[]> HostOption = new("--host") { HelpName = "ADDR", Description = "IP address to listen on, 0.0.0.0 = all (peerchat.listen.host)" };
    private static readonly Option<string[]> PortOption = new("--port") { HelpName = "N", Description = "port to listen on, 0 = any free port (peerchat.listen.port)" };
    private static readonly Option<string[]> ConnectOption = new("--connect") { HelpName = "HOST:PORT", Description = "join that peer's network at start; repeat for more (peerchat.bootstrap)" };
    private static readonly Option<string[]> LogLevelOption = new("--log-level")
    {
        HelpName = "LEVEL",
        Description = "debug, info, warning, error or off (akka.loglevel); the log goes to standard error when headless, else to a file (peerchat.log.path)",
    };
    private static readonly Option<bool> HeadlessOption = new("--headless") { Description = "no terminal UI: events as JSON lines on standard output, commands and chat lines on standard input" };

    private static readonly RootCommand Root = BuildRoot();

    /// <summary>What <c>--log-level</c> accepts (any case), and the <c>akka.loglevel</c> each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> LogLevels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["debug"] = "DEBUG",
        ["info"] = "INFO",
        ["warning"] = "WARNING",
        ["warn"] = "WARNING",
        ["error"] = "ERROR",
        ["off"] = "OFF",
    };

    /// <summary>The text after the generated option list: what the options alone do not say.</summary>
    public const string Epilogue =
        """
        Settings, each source overriding the ones before it:
          built-in defaults < --config FILE < environment < command-line options
        Environment: PEERCHAT_NAME, PEERCHAT_AGE, PEERCHAT_ZIP, PEERCHAT_HOST, PEERCHAT_PORT,
          PEERCHAT_CONNECT (one HOST:PORT, added to the bootstrap peers); empty ones are ignored.

        Chat screen: Enter sends, Up/Down walk the input history, Tab completes commands and names,
          PgUp/PgDn or the mouse wheel scroll, Ctrl+Q leaves the network and quits (Esc does not).
          Commands: /connect HOST:PORT, /peers or /who, /zip N, /age N, /leave, /quit, /help.

        Headless input, one line each:
          any text             send it to every peer (start it with // to send a line beginning with /)
          /connect HOST:PORT   join the network of the peer at HOST:PORT
          /peers               list the peers
          /quit                leave the network and exit (so does end of input, Ctrl-C or SIGTERM)

        Exit status: 0 after quitting, 2 for a bad option or setting or when it cannot listen.
        """;

    /// <summary>The whole <c>--help</c> text: System.CommandLine's usage and options, then <see cref="Epilogue"/>.</summary>
    public static string Usage => UsageText.Value;

    // Rendered only when asked for: System.CommandLine's help writer costs tens of milliseconds at start.
    private static readonly Lazy<string> UsageText = new(RenderHelp);

    /// <summary>The informational version: the package version and, when the build knew it, <c>+commit</c>.</summary>
    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args);
        if (result.CommandResult.Command == CheckCommandLine.Command) return CheckCommandLine.Read(result, args);
        if (MissingValue(args, Root) is { } missing) return Invalid(missing);
        if (result.Action is HelpAction) return new CommandLineResult.Help();
        if (result.Errors.Count > 0) return Invalid(Explain(result.Errors[0], args));
        if (result.GetResult(Root.Options.OfType<VersionOption>().Single()) is not null) return new CommandLineResult.Version();

        var options = new CommandLineOptions
        {
            ConfigFile = Last(result, ConfigOption),
            Name = Last(result, NameOption),
            Host = Last(result, HostOption),
            Headless = result.GetValue(HeadlessOption),
        };
        if (options.ConfigFile is "") return Invalid("option '--config' needs a file name");
        if (Last(result, AgeOption) is { } age)
        {
            if (!IsDigits(age)) return Invalid($"option '--age' needs a whole number, got '{age}'");
            options = options with { Age = age };
        }
        if (Last(result, ZipOption) is { } zip)
        {
            if (!IsDigits(zip)) return Invalid($"option '--zip' needs digits, got '{zip}'");
            options = options with { Zip = zip };
        }
        if (Last(result, PortOption) is { } portText)
        {
            if (!IsDigits(portText) || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                return Invalid($"option '--port' needs a number from 0 to 65535, got '{portText}'");
            options = options with { Port = port };
        }
        var connect = new List<string>();
        foreach (var peer in result.GetValue(ConnectOption) ?? [])
        {
            if (!HostPort.TryParse(peer, out _, out _, out var error)) return Invalid($"option '--connect': {error}");
            connect.Add(peer.Trim());
        }
        if (Last(result, LogLevelOption) is { } level)
        {
            if (!LogLevels.TryGetValue(level.Trim(), out var akkaLevel))
                return Invalid($"option '--log-level' needs one of debug, info, warning, error, off; got '{level}'");
            options = options with { LogLevel = akkaLevel };
        }
        return new CommandLineResult.Run(options with { Connect = connect });
    }

    private static RootCommand BuildRoot()
    {
        var root = new RootCommand("A peer-to-peer chat node. Without --headless it opens the chat screen (type /help there).")
        {
            ConfigOption, NameOption, AgeOption, ZipOption, HostOption, PortOption, ConnectOption, LogLevelOption, HeadlessOption,
        };
        // The usage line says peerchat however it was started (dotnet peerchat.dll, the tool, a test host).
        root.HelpName = "peerchat";
        root.Subcommands.Add(CheckCommandLine.Command);
        // A root with a subcommand but no action of its own makes System.CommandLine demand the subcommand;
        // peerchat alone runs the node. (Never invoked: Parse only reads the result.)
        root.SetAction(_ => { });
        // Every option but --headless takes one value; repeated, the last one counts (except --connect, which adds).
        foreach (var option in root.Options.OfType<Option<string[]>>())
        {
            option.AllowMultipleArgumentsPerToken = false;
        }
        return root;
    }

    /// <summary>System.CommandLine's first complaint, said as peerchat says it, with the nearest option for a typo.</summary>
    private static string Explain(ParseError error, IReadOnlyList<string> args)
    {
        if (error.SymbolResult is OptionResult { Option: var option })
            return option is VersionOption ? "option '--version' goes alone" : $"option '{option.Name}': {error.Message}";
        var bad = args.FirstOrDefault(a => error.Message.Contains($"'{a}'", StringComparison.Ordinal)) ?? "";
        var flag = bad.Split('=', 2)[0];
        if (!flag.StartsWith('-') || flag == "-")
            return bad.Length == 0 ? error.Message : $"unexpected argument '{bad}'; options start with --";
        // Long names only: every one-letter alias is a single edit from any other one-letter typo.
        var known = Root.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        return NearestName.Find(flag, known, NearestName.TypoEdits(flag)) is { } near
            ? $"unknown option '{flag}'; did you mean {near}?"
            : $"unknown option '{flag}'";
    }

    private static string RenderHelp()
    {
        var output = new StringWriter();
        Root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString().TrimEnd() + Environment.NewLine + Environment.NewLine + Epilogue;
    }

    /// <summary>
    /// What System.CommandLine would get wrong: it takes the next word as the value even when it is the
    /// next option (<c>--name --headless</c>), takes <c>--name=</c> as an empty name, and splits
    /// <c>--headless=yes</c> into a switch and a stray word.
    /// </summary>
    internal static string? MissingValue(IReadOnlyList<string> args, Command command)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var split = args[i].Split('=', 2);
            if (IsSwitch(command, split[0]))
            {
                if (split.Length == 2) return $"option '{split[0]}' takes no value";
                continue;
            }
            if (command.Options.FirstOrDefault(o => o.Name == split[0]) is not { } option) continue;
            var value = split.Length == 2 ? split[1] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : "";
            if (value.Length == 0) return $"option '{option.Name}' needs a value, like {option.Name} {option.HelpName}";
        }
        return null;
    }

    /// <summary>A repeated option's last value, as a later word on the command line overrides an earlier one.</summary>
    internal static string? Last(ParseResult result, Option<string[]> option) => result.GetValue(option) is [.., var last] ? last : null;

    private static bool IsSwitch(Command command, string flag) =>
        command.Options.Any(o => (o.Name == flag || o.Aliases.Contains(flag)) && (o.ValueType == typeof(bool) || o is HelpOption or VersionOption));

    private static CommandLineResult.Invalid Invalid(string message) => new(message + SeeHelp);

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
