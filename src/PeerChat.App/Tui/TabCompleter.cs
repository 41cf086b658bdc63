namespace PeerChat.App.Tui;

/// <summary>
/// Tab completion of the word before the cursor: a command when it is the first word and starts
/// with <c>/</c>, else a peer's name (a name at the start of the line gets ": " after it, as in
/// IRC). Pressing Tab again cycles through the other matches, in order; typing anything else
/// starts over.
/// </summary>
internal sealed class TabCompleter
{
    public static readonly IReadOnlyList<string> Commands = ["/age", "/connect", "/help", "/leave", "/peers", "/quit", "/who", "/zip"];

    private string? _lastResult;
    private int _lastCursor;
    private string _before = "";
    private string _after = "";
    private List<string> _matches = [];
    private int _index;
    private bool _atLineStart;
    private bool _isCommand;

    /// <summary>The completed text and cursor position, or null when nothing matches.</summary>
    public (string Text, int Cursor)? Complete(string text, int cursor, IEnumerable<string> names)
    {
        cursor = Math.Clamp(cursor, 0, text.Length);
        if (_lastResult is not null && text == _lastResult && cursor == _lastCursor && _matches.Count > 1)
        {
            _index = (_index + 1) % _matches.Count;
            return Apply();
        }

        var wordStart = text.LastIndexOf(' ', Math.Max(0, cursor - 1)) + 1;
        if (cursor == 0) wordStart = 0;
        var word = text[wordStart..cursor];
        _before = text[..wordStart];
        _after = text[cursor..];
        _atLineStart = _before.Trim().Length == 0;
        _isCommand = _atLineStart && word.StartsWith('/');

        IEnumerable<string> candidates = _isCommand ? Commands : names;
        _matches = candidates
            .Where(c => c.StartsWith(word, _isCommand ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (word.Length == 0 && !_isCommand && _matches.Count == 0) return null;
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

    private (string Text, int Cursor) Apply()
    {
        var match = _matches[_index];
        var suffix = _isCommand ? " " : _atLineStart ? ": " : " ";
        if (_after.StartsWith(' ')) suffix = suffix.TrimEnd();
        var head = _before + match + suffix;
        _lastResult = head + _after;
        _lastCursor = head.Length;
        return (_lastResult, _lastCursor);
    }
}
