namespace PeerChat.App.Tui;

/// <summary>
/// Tab completion of the word before the cursor, by what fits where it is: a command when it is
/// the first word and starts with <c>/</c>; a member's name or address for the argument of
/// <c>/who</c>, an address for <c>/connect</c>; nothing for the other commands (<c>/zip</c> and
/// <c>/age</c> take numbers, <c>/nick</c> a new name); a member's name in chat text (at the start
/// of the line with ": " after it, as in IRC). Pressing Tab again cycles through the other
/// matches, in order; typing anything else starts over.
/// </summary>
internal sealed class TabCompleter
{
    /// <summary>Every command name the chat screen offers, sorted.</summary>
    public static readonly IReadOnlyList<string> Commands = CommandSet.Screen.Names.Order(StringComparer.Ordinal).ToArray();

    private string? _lastResult;
    private int _lastCursor;
    private string _before = "";
    private string _after = "";
    private List<string> _matches = [];
    private int _index;
    private string _suffix = " ";

    /// <summary>The completed text and cursor position, or null when nothing matches (or nothing fits there).</summary>
    /// <param name="names">The members' names.</param>
    /// <param name="addresses">The members' addresses (<c>HOST:PORT</c>), for <c>/who</c> and <c>/connect</c>.</param>
    public (string Text, int Cursor)? Complete(string text, int cursor, IEnumerable<string> names, IEnumerable<string>? addresses = null)
    {
        cursor = Math.Clamp(cursor, 0, text.Length);
        if (_lastResult is not null && text == _lastResult && cursor == _lastCursor && _matches.Count > 1)
        {
            _index = (_index + 1) % _matches.Count;
            return Apply();
        }

        var wordStart = cursor == 0 ? 0 : text.LastIndexOf(' ', cursor - 1) + 1;
        var word = text[wordStart..cursor];
        _before = text[..wordStart];
        _after = text[cursor..];
        if (Candidates(_before, word, names, addresses ?? []) is not { } candidates)
        {
            Reset();
            return null;
        }
        _matches = candidates
            .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (_matches.Count == 0)
        {
            Reset();
            return null;
        }
        _index = 0;
        return Apply();
    }

    public void Reset()
    {
        _lastResult = null;
        _matches = [];
    }

    /// <summary>What may stand where <paramref name="word"/> is, after <paramref name="before"/>; null when nothing may be completed there.</summary>
    private IEnumerable<string>? Candidates(string before, string word, IEnumerable<string> names, IEnumerable<string> addresses)
    {
        var head = before.TrimStart();
        if (head.Length == 0)
        {
            _suffix = word.StartsWith('/') ? " " : ": ";
            // "//text" is a chat line that starts with a slash, not a command.
            return word.StartsWith('/') && !word.StartsWith("//", StringComparison.Ordinal) ? Commands : names;
        }
        _suffix = " ";
        if (!head.StartsWith('/') || head.StartsWith("//", StringComparison.Ordinal)) return names; // chat text
        var command = head.Split(' ', 2)[0].ToLowerInvariant();
        var firstArgument = head.TrimEnd().Length == command.Length;
        return command switch
        {
            "/who" when firstArgument => names.Concat(addresses),
            "/connect" when firstArgument => addresses,
            _ => null, // numbers (/zip, /age), a new name (/nick), or a command that takes nothing
        };
    }

    private (string Text, int Cursor) Apply()
    {
        var match = _matches[_index];
        var suffix = _after.StartsWith(' ') ? _suffix.TrimEnd() : _suffix;
        var head = _before + match + suffix;
        _lastResult = head + _after;
        _lastCursor = head.Length;
        return (_lastResult, _lastCursor);
    }
}
