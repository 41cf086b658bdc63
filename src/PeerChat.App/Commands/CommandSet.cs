namespace PeerChat.App;

/// <summary>
/// The commands a front end offers, each with its usage and meaning: one table for both. The chat
/// screen offers them all; the headless mode those that make sense without a screen, with the meaning
/// its JSON Lines contract gives them. <c>/help</c> prints this table and README's command tables
/// hold the same lines (a test compares them).
/// </summary>
internal sealed class CommandSet
{
    /// <param name="Headless">What it does in the headless mode; null when only the chat screen offers it.</param>
    private sealed record Command(string[] Names, string Usage, string Meaning, string? Headless = null);

    private static readonly Command[] All =
    [
        new(["/connect"], "/connect HOST:PORT", "join the network of the peer at HOST:PORT", "joins that member's network"),
        new(["/peers"], "/peers", "list the members: name, age, zip and address", "prints a `peers` event"),
        new(["/who"], "/who HOST:PORT|NAME", "ask that member for its member list (/who alone: /peers)",
            "asks that member for its member list: a `who` event, or an `error` (no such member, no answer in time)"),
        new(["/zip"], "/zip N", "list the members in zip code N"),
        new(["/age"], "/age N", "list the members of age N"),
        new(["/nick"], "/nick NAME", "take a new name: you leave every member and join again, so peers see a leave and a join",
            "takes a new name: a `name-changed` event, then a `peer-joined` for each member joined again (peers see a leave and a join)"),
        new(["/clear"], "/clear", "empty the log view (the transcript keeps everything)"),
        new(["/leave"], "/leave", "say leave to every member; stay running (/connect again later)"),
        new(["/quit", "/exit"], "/quit", "leave the network and exit (so do Ctrl+Q and SIGTERM)", "sends `leave` to every peer, then exits 0"),
        new(["/help", "/?"], "/help", "list the commands and keys", "prints a `help` event listing these commands"),
    ];

    /// <summary>Everything: the chat screen, where /help lists them.</summary>
    public static readonly CommandSet Screen = new("chat screen", All.Select(c => (c.Names, c.Usage, c.Meaning)).ToArray(),
        "not sent; /help lists the commands, //text sends a line starting with /",
        ("any text", "send it to every member (Enter)"), ("//text", "send a line that starts with /"));

    /// <summary>The headless contract: the commands that make sense without a screen, under their first name only.</summary>
    public static readonly CommandSet Headless = new("headless", All.Where(c => c.Headless is not null)
        .Select(c => (new[] { c.Names[0] }, c.Usage, c.Headless!)).ToArray(), null,
        ("any text", "sends it as a chat message to every peer (a line of only spaces is ignored, as on the chat screen)"),
        ("//text", "sends `/text` (a chat line that starts with a slash)"));

    private readonly (string[] Names, string Usage, string Meaning)[] _commands;

    private readonly string? _unknownHint;
    private readonly string _frontEnd;
    private readonly (string Line, string Meaning) _chat;
    private readonly (string Line, string Meaning) _slash;

    private CommandSet(string frontEnd, (string[] Names, string Usage, string Meaning)[] commands, string? unknownHint,
        (string, string) chat, (string, string) slash)
    {
        _frontEnd = frontEnd;
        _commands = commands;
        _unknownHint = unknownHint;
        _chat = chat;
        _slash = slash;
    }

    /// <summary>What an unknown command's error adds: how to find the commands (the list itself, where it is short).</summary>
    public string UnknownHint => _unknownHint ?? $"commands: {Summary}";

    /// <summary>One line per command, and how to send a line that starts with a slash.</summary>
    public IReadOnlyList<(string Usage, string Meaning)> HelpLines =>
        [.. _commands.Select(c => (c.Usage, c.Meaning)), _slash];

    /// <summary>Every name a command answers to, for Tab completion.</summary>
    public IEnumerable<string> Names => _commands.SelectMany(c => c.Names);

    /// <summary>The commands in one line, for an error: <c>/connect HOST:PORT, /peers, /quit</c>.</summary>
    public string Summary => string.Join(", ", _commands.Select(c => c.Usage));

    public bool Offers(string name) => _commands.Any(c => c.Names.Contains(name));

    /// <summary>Where README's table of these commands begins; <see cref="End"/> ends it.</summary>
    public string Begin => $"<!-- {_frontEnd} commands: written from CommandSet; a test fails when they differ -->";

    public string End => $"<!-- end of {_frontEnd} commands -->";

    /// <summary>README's table: what a line of text does, then every command and <c>//text</c>, between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public string Markdown()
    {
        var rows = HelpLines.Select(h => ($"`{h.Usage}`", h.Meaning)).Prepend(_chat)
            // A | inside a table cell must be escaped, in a code span too.
            .Select(r => $"| {r.Item1.Replace("|", "\\|", StringComparison.Ordinal)} | {r.Item2} |\n");
        return $"{Begin}\n| line | does |\n|---|---|\n{string.Concat(rows)}{End}\n";
    }
}
