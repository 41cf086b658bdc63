using PeerChat.Protocol;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// What a line typed into the chat screen asks for. The screen's counterpart of the headless
/// <see cref="InputCommand"/>, with the commands a person needs: besides <c>/connect</c>,
/// <c>/peers</c> and <c>/quit</c> also <c>/who</c>, <c>/zip N</c>, <c>/age N</c>, <c>/leave</c> and <c>/help</c>.
/// </summary>
internal abstract record ChatCommand
{
    private ChatCommand() { }

    /// <summary>Send this chat line to every member.</summary>
    public sealed record Send(string Text) : ChatCommand;

    public sealed record Connect(string Host, int Port) : ChatCommand;

    /// <summary>List the members, all of them or only those in a zip code or of an age.</summary>
    public sealed record Peers(PeerFilter Filter) : ChatCommand;

    /// <summary>Say <c>leave</c> to every member and keep running.</summary>
    public sealed record Leave : ChatCommand;

    public sealed record Quit : ChatCommand;

    public sealed record Help : ChatCommand;

    /// <summary>An empty line.</summary>
    public sealed record Blank : ChatCommand;

    /// <summary>Not carried out, and not sent: <paramref name="Text"/> says what was expected. The input keeps the line.</summary>
    public sealed record Invalid(string Text) : ChatCommand;

    public static readonly IReadOnlyList<(string Usage, string Meaning)> HelpLines =
    [
        ("/connect HOST:PORT", "join the network of the peer at HOST:PORT"),
        ("/peers, /who", "list the members: name, age, zip and address"),
        ("/zip N", "list the members in zip code N"),
        ("/age N", "list the members of age N"),
        ("/leave", "say leave to every member; stay running (/connect again later)"),
        ("/quit", "leave the network and exit (also Ctrl+Q)"),
        ("/help", "this list"),
        ("//text", "send a line that starts with /"),
    ];

    public static ChatCommand Parse(string line)
    {
        if (line.Trim().Length == 0) return new Blank();
        if (!line.StartsWith('/')) return new Send(line);
        if (line.StartsWith("//", StringComparison.Ordinal)) return new Send(line[1..]);

        var space = line.IndexOfAny([' ', '\t']);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "/connect":
                if (argument.Length == 0) return new Invalid("/connect needs an address: /connect HOST:PORT, like /connect 127.0.0.1:5001");
                if (argument.Contains(' ')) return new Invalid("/connect takes one address: /connect HOST:PORT");
                if (!HostPort.TryParse(argument, out var host, out var port, out var error))
                    return new Invalid($"/connect: {error}");
                return new Connect(host, port);
            case "/peers":
            case "/who":
                return argument.Length == 0 ? new Peers(PeerFilter.All) : new Invalid($"{name} takes nothing after it (to filter: /zip N or /age N)");
            case "/zip":
                return IsDigits(argument, 10) ? new Peers(PeerFilter.Zip(argument)) : new Invalid("/zip needs a zip code, digits only: /zip N, like /zip 10001");
            case "/age":
                return IsDigits(argument, 9) ? new Peers(PeerFilter.Age(argument)) : new Invalid("/age needs an age, a whole number: /age N, like /age 31");
            case "/leave":
                return argument.Length == 0 ? new Leave() : new Invalid("/leave takes nothing after it");
            case "/quit":
            case "/exit":
                return argument.Length == 0 ? new Quit() : new Invalid($"{name} takes nothing after it");
            case "/help":
            case "/?":
                return new Help();
            default:
                return new Invalid($"unknown command {TextSafety.Inert(name, 40)}: not sent. Type /help for the commands, or //text to send a line starting with /");
        }
    }

    private static bool IsDigits(string s, int maxLength) => s.Length > 0 && s.Length <= maxLength && s.All(char.IsAsciiDigit);
}
