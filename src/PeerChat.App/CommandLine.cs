using System.Globalization;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>What the user asked for on the command line; null means "not given" (a lower config layer decides).</summary>
public sealed record CommandLineOptions
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

public abstract record CommandLineResult
{
    private CommandLineResult() { }

    /// <summary>Start peerchat with these options.</summary>
    public sealed record Run(CommandLineOptions Options) : CommandLineResult;

    /// <summary><c>--help</c> or <c>-h</c>: print <see cref="CommandLine.Usage"/> and exit 0.</summary>
    public sealed record Help : CommandLineResult;

    /// <summary>The arguments are wrong: print <c>peerchat: {Message}</c> and exit 2.</summary>
    public sealed record Invalid(string Message) : CommandLineResult;
}

/// <summary>Parses <c>peerchat [--config FILE] [--name NAME] … [--headless] [--help]</c>; never prints, never exits.</summary>
public static class CommandLine
{
    public const string Usage =
        """
        Usage: peerchat [--config FILE] [--name NAME] [--age N] [--zip N] [--host ADDR] [--port N] [--connect HOST:PORT]
                        [--log-level LEVEL] [--headless] [--help]

        A peer-to-peer chat node. Without --headless it opens the chat screen (type /help there).

        Options (each also written --option=VALUE):
          --config FILE        read settings from a HOCON file; it needs only the keys it changes
          --name NAME          your name, shown to other peers           (peerchat.identity.name)
          --age N              your age                                  (peerchat.identity.age)
          --zip N              your zip code, digits                     (peerchat.identity.zip)
          --host ADDR          IP address to listen on, 0.0.0.0 = all    (peerchat.listen.host)
          --port N             port to listen on, 0 = any free port      (peerchat.listen.port)
          --connect HOST:PORT  join that peer's network at start; repeat for more (peerchat.bootstrap)
          --log-level LEVEL    debug, info, warning, error or off        (akka.loglevel)
                               the log goes to standard error when headless, else to a file
                               (peerchat.log.path; default ~/.local/state/peerchat/peerchat.log)
          --headless           no terminal UI: events as JSON lines on standard output,
                               commands and chat lines on standard input
          -h, --help           show this help and exit

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

    private const string SeeHelp = " (see peerchat --help)";

    private static readonly HashSet<string> TakesValue = ["--config", "--name", "--age", "--zip", "--host", "--port", "--connect", "--log-level"];

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
    private static readonly HashSet<string> Switches = ["--headless", "--help", "-h"];

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h")) return new CommandLineResult.Help();

        var options = new CommandLineOptions();
        var connect = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
                return Invalid($"unexpected argument '{arg}'; options start with --");

            var equals = arg.IndexOf('=');
            var flag = equals > 0 ? arg[..equals] : arg;
            string? inlineValue = equals > 0 ? arg[(equals + 1)..] : null;

            if (Switches.Contains(flag))
            {
                if (inlineValue is not null) return Invalid($"option '{flag}' takes no value");
                if (flag == "--headless") options = options with { Headless = true };
                continue;
            }
            if (!TakesValue.Contains(flag)) return Invalid($"unknown option '{flag}'");

            string value;
            if (inlineValue is not null) value = inlineValue;
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else return Invalid($"option '{flag}' needs a value, like {flag} {Placeholder(flag)}");

            switch (flag)
            {
                case "--config":
                    if (value.Length == 0) return Invalid("option '--config' needs a file name");
                    options = options with { ConfigFile = value };
                    break;
                case "--name":
                    options = options with { Name = value };
                    break;
                case "--age":
                    if (!IsDigits(value)) return Invalid($"option '--age' needs a whole number, got '{value}'");
                    options = options with { Age = value };
                    break;
                case "--zip":
                    if (!IsDigits(value)) return Invalid($"option '--zip' needs digits, got '{value}'");
                    options = options with { Zip = value };
                    break;
                case "--host":
                    options = options with { Host = value };
                    break;
                case "--port":
                    if (!IsDigits(value) || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                        return Invalid($"option '--port' needs a number from 0 to 65535, got '{value}'");
                    options = options with { Port = port };
                    break;
                case "--connect":
                    if (!Addresses.TryParseHostPort(value, out _, out _, out var error))
                        return Invalid($"option '--connect': {error}");
                    connect.Add(value.Trim());
                    break;
                case "--log-level":
                    if (!LogLevels.TryGetValue(value.Trim(), out var level))
                        return Invalid($"option '--log-level' needs one of debug, info, warning, error, off; got '{value}'");
                    options = options with { LogLevel = level };
                    break;
            }
        }
        return new CommandLineResult.Run(options with { Connect = connect });
    }

    private static CommandLineResult.Invalid Invalid(string message) => new(message + SeeHelp);

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static string Placeholder(string flag) => flag switch
    {
        "--config" => "FILE",
        "--name" => "NAME",
        "--host" => "ADDR",
        "--connect" => "HOST:PORT",
        "--log-level" => "LEVEL",
        _ => "N",
    };
}
