namespace PeerChat.App;

/// <summary>
/// The commands a front end offers, each with its usage and meaning: the chat screen offers them
/// all, the headless mode the few its JSON Lines contract documents. One parser serves both.
/// </summary>
internal sealed class CommandSet
{
    private static readonly (string[] Names, string Usage, string Meaning)[] All =
    [
        (["/connect"], "/connect HOST:PORT", "join the network of the peer at HOST:PORT"),
        (["/peers", "/who"], "/peers, /who", "list the members: name, age, zip and address"),
        (["/zip"], "/zip N", "list the members in zip code N"),
        (["/age"], "/age N", "list the members of age N"),
        (["/leave"], "/leave", "say leave to every member; stay running (/connect again later)"),
        (["/quit", "/exit"], "/quit", "leave the network and exit (also Ctrl+Q)"),
        (["/help", "/?"], "/help", "this list"),
    ];

    /// <summary>Everything: the chat screen, where /help lists them.</summary>
    public static readonly CommandSet Screen = new(All, "not sent; /help lists the commands, //text sends a line starting with /");

    /// <summary>The headless contract: <c>/connect</c>, <c>/peers</c> and <c>/quit</c>.</summary>
    public static readonly CommandSet Headless = new(All.Where(c => c.Names[0] is "/connect" or "/peers" or "/quit")
        .Select(c => (new[] { c.Names[0] }, c.Usage.Split(',')[0], c.Meaning)).ToArray(), null);

    private readonly (string[] Names, string Usage, string Meaning)[] _commands;

    private readonly string? _unknownHint;

    private CommandSet((string[] Names, string Usage, string Meaning)[] commands, string? unknownHint)
    {
        _commands = commands;
        _unknownHint = unknownHint;
    }

    /// <summary>What an unknown command's error adds: how to find the commands (the list itself, where it is short).</summary>
    public string UnknownHint => _unknownHint ?? $"commands: {Summary}";

    /// <summary>One line per command, and how to send a line that starts with a slash.</summary>
    public IReadOnlyList<(string Usage, string Meaning)> HelpLines =>
        [.. _commands.Select(c => (c.Usage, c.Meaning)), ("//text", "send a line that starts with /")];

    /// <summary>The commands in one line, for an error: <c>/connect HOST:PORT, /peers, /quit</c>.</summary>
    public string Summary => string.Join(", ", _commands.Select(c => c.Usage));

    public bool Offers(string name) => _commands.Any(c => c.Names.Contains(name));
}
