using PeerChat.Protocol;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>What one line of headless input asks for.</summary>
internal abstract record InputCommand
{
    private InputCommand() { }

    public const string CommandList = "/connect HOST:PORT, /peers, /quit";

    /// <summary>Send this chat line to every peer.</summary>
    public sealed record Send(string Text) : InputCommand;

    public sealed record Connect(string Host, int Port) : InputCommand;

    public sealed record Peers : InputCommand;

    public sealed record Quit : InputCommand;

    /// <summary>An empty line: nothing to do.</summary>
    public sealed record Blank : InputCommand;

    /// <summary>The line cannot be carried out; <paramref name="Text"/> says why (shown as an error event).</summary>
    public sealed record Invalid(string Text) : InputCommand;

    /// <summary>
    /// Plain text is a chat line; <c>/connect HOST:PORT</c>, <c>/peers</c> and <c>/quit</c> are commands;
    /// <c>//text</c> sends <c>/text</c>. The line comes without its line end (<see cref="InputLineReader"/>).
    /// </summary>
    public static InputCommand Parse(string line)
    {
        if (line.Length == 0) return new Blank();
        if (!line.StartsWith('/')) return new Send(line);
        if (line.StartsWith("//", StringComparison.Ordinal)) return new Send(line[1..]);

        var space = line.IndexOfAny([' ', '\t']);
        var name = space < 0 ? line : line[..space];
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "/connect":
                if (argument.Length == 0) return new Invalid("/connect needs an address: /connect HOST:PORT");
                if (!HostPort.TryParse(argument, out var host, out var port, out var error))
                    return new Invalid($"/connect: {error}");
                return new Connect(host, port);
            case "/peers":
                return argument.Length == 0 ? new Peers() : new Invalid("/peers takes nothing after it");
            case "/quit":
                return argument.Length == 0 ? new Quit() : new Invalid("/quit takes nothing after it");
            default:
                return new Invalid($"unknown command '{name}' (commands: {CommandList})");
        }
    }
}
