namespace PeerChat.App.Tui;

/// <summary>
/// Lines entered before, walked with Up and Down like a shell. Walking away from a half-typed
/// line keeps it: Down past the newest entry brings it back.
/// </summary>
internal sealed class InputHistory
{
    private readonly List<string> _lines = [];
    private readonly int _capacity;
    private int _position; // == _lines.Count: at the draft
    private string _draft = "";

    public InputHistory(int capacity = 500) => _capacity = Math.Max(1, capacity);

    public int Count => _lines.Count;

    /// <summary>Remembers a line that was entered (not twice in a row) and goes back to an empty draft.</summary>
    public void Add(string line)
    {
        if (line.Length > 0 && (_lines.Count == 0 || _lines[^1] != line))
        {
            _lines.Add(line);
            if (_lines.Count > _capacity) _lines.RemoveAt(0);
        }
        _position = _lines.Count;
        _draft = "";
    }

    /// <summary>The line before; null at the oldest. <paramref name="current"/> is what the input shows now.</summary>
    public string? Previous(string current)
    {
        if (_position == 0) return null;
        if (_position == _lines.Count) _draft = current;
        _position--;
        return _lines[_position];
    }

    /// <summary>The line after, or the draft past the newest; null when already at the draft.</summary>
    public string? Next()
    {
        if (_position >= _lines.Count) return null;
        _position++;
        return _position == _lines.Count ? _draft : _lines[_position];
    }
}
