using System.Collections;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PeerChat.App.Tui;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>The program: options, then settings, then the front end; every problem the user can cause is one line on stderr.</summary>
internal static class PeerChatApp
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;

    public const string NeedsTerminal = "peerchat: the chat screen needs a terminal; for pipes and scripts use --headless (see peerchat --help)";

    public static async Task<int> RunAsync(string[] args)
    {
        var stderr = Console.Error;
        switch (CommandLine.Parse(args))
        {
            case CommandLineResult.Help help:
                Console.Out.WriteLine(help.Text ?? CommandLine.Usage);
                return ExitOk;
            case CommandLineResult.Check check:
                return await PeerChat.Conformance.CheckCommand.RunAsync(check.Options, Console.Out, stderr).ConfigureAwait(false);
            case CommandLineResult.Version:
                Console.Out.WriteLine($"peerchat {CommandLine.Version}");
                return ExitOk;
            case CommandLineResult.Invalid invalid:
                stderr.WriteLine($"peerchat: {invalid.Message}");
                return ExitUsage;
            case CommandLineResult.Run run:
                var loaded = ConfigLoader.Load(run.Options, ProcessEnvironment());
                if (loaded.Error is not null)
                {
                    stderr.WriteLine($"peerchat: {loaded.Error}");
                    return ExitUsage;
                }
                if (!run.Options.Headless)
                {
                    TuiSettings tui;
                    try
                    {
                        tui = TuiSettings.Create(loaded.Loaded!.Config, ProcessEnvironment());
                    }
                    catch (SettingsException e)
                    {
                        stderr.WriteLine($"peerchat: config: {e.Message}");
                        return ExitUsage;
                    }
                    if (Console.IsInputRedirected || Console.IsOutputRedirected)
                    {
                        stderr.WriteLine(NeedsTerminal);
                        return ExitUsage;
                    }
                    // On this thread, before any await: the screen's loop runs here until the user quits.
                    return TuiSession.Run(loaded.Loaded!, tui, stderr);
                }
                // Standard input is not disposed: its reading thread may still be blocked in a read at exit.
                var stdin = StdinReader.Utf8Input(Console.OpenStandardInput());
                // Unbuffered: the front end writes each batch of events in one write. Not disposed either:
                // the front end flushed everything it could; a closed pipe would only throw again.
                var stdout = OpenStandardOutput();
                return await HeadlessSession.RunAsync(loaded.Loaded!, stdin, stdout, stderr).ConfigureAwait(false);
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>
    /// Standard output as a plain file stream on Unix: the console stream there drops writes to a
    /// closed pipe silently, and the headless front end should notice its reader is gone and quit.
    /// </summary>
    private static Stream OpenStandardOutput() =>
        OperatingSystem.IsWindows()
            ? Console.OpenStandardOutput()
            : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Key is string key && entry.Value is string value) env[key] = value;
        return env;
    }
}
