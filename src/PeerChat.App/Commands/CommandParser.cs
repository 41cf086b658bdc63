using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>The one parser of input lines, for both front ends; names are case-insensitive.</summary>
internal static class CommandParser
{
    /// <summary>
    /// Plain text is a chat line and <c>//text</c> sends <c>/text</c>; a line of only spaces is
    /// <see cref="InputCommand.Blank"/>; a command <paramref name="offered"/> does not hold is unknown. The
    /// line comes without its line end.
    /// </summary>
    public static InputCommand Parse(string line, CommandSet offered)
    {
        if (line.Trim().Length == 0) return new InputCommand.Blank();
        if (!line.StartsWith('/')) return new InputCommand.Say(line);
        if (line.StartsWith("//", StringComparison.Ordinal)) return new InputCommand.Say(line[1..]);

        var space = line.IndexOfAny([' ', '\t']);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        if (!offered.Offers(name))
            return new InputCommand.Invalid($"unknown command '{OneLine.Of(name)}' ({offered.UnknownHint})");
        switch (name)
        {
            case "/connect":
                if (argument.Length == 0) return new InputCommand.Invalid("/connect needs an address: /connect HOST:PORT, like /connect 127.0.0.1:5001");
                if (argument.Contains(' ')) return new InputCommand.Invalid("/connect takes one address: /connect HOST:PORT");
                if (!HostPort.TryParse(argument, out var host, out var port, out var error))
                    return new InputCommand.Invalid($"/connect: {error}");
                return new InputCommand.Connect(host, port);
            case "/peers":
                return argument.Length == 0 ? new InputCommand.Peers(PeerFilter.All) : new InputCommand.Invalid("/peers takes nothing after it (to ask one member: /who HOST:PORT|NAME)");
            case "/who": // alone, as in IRC: everyone here
                return argument.Length == 0 ? new InputCommand.Peers(PeerFilter.All) : new InputCommand.AskMember(argument);
            case "/nick":
                return argument.Length == 0 ? new InputCommand.Invalid("/nick needs a name: /nick NAME, like /nick alice") : new InputCommand.Nick(argument);
            case "/clear":
                return argument.Length == 0 ? new InputCommand.Clear() : new InputCommand.Invalid("/clear takes nothing after it");
            case "/zip":
                return IsDigits(argument, 10) ? new InputCommand.Peers(PeerFilter.Zip(argument)) : new InputCommand.Invalid("/zip needs a zip code, digits only: /zip N, like /zip 10001");
            case "/age":
                return IsDigits(argument, 9) ? new InputCommand.Peers(PeerFilter.Age(argument)) : new InputCommand.Invalid("/age needs an age, a whole number: /age N, like /age 31");
            case "/leave":
                return argument.Length == 0 ? new InputCommand.Leave() : new InputCommand.Invalid("/leave takes nothing after it");
            case "/quit":
            case "/exit":
                return argument.Length == 0 ? new InputCommand.Quit() : new InputCommand.Invalid($"{name} takes nothing after it");
            default: // /help, /?
                return new InputCommand.Help();
        }
    }

    private static bool IsDigits(string s, int maxLength) => s.Length > 0 && s.Length <= maxLength && s.All(char.IsAsciiDigit);
}
