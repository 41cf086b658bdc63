namespace PeerChat.App;

// The lexical part of the scan: strings, substitutions, blanks and comments, read a character at a time.
internal sealed partial class HoconSyntax
{
    private char Peek(int ahead = 0) => _i + ahead < _text.Length ? _text[_i + ahead] : '\0';

    private bool AtEnd => _i >= _text.Length;

    private bool AtComment => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    /// <summary>A "…" or """…""" string; false (with an error) when it is not closed.</summary>
    private bool QuotedString()
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            var start = _line;
            var end = Array.IndexOf(_text, '"', _i + 3);
            while (end >= 0 && !(end + 2 < _text.Length && _text[end + 1] == '"' && _text[end + 2] == '"'))
                end = Array.IndexOf(_text, '"', end + 1);
            if (end < 0)
            {
                _errors.Add($"line {start}: a \"\"\" string is never closed");
                _i = _text.Length;
                return false;
            }
            for (var j = _i; j < end; j++) if (_text[j] == '\n') _line++;
            _i = end + 3;
            while (Peek() == '"') _i++; // """a"""" ends with the last three quotes
            return true;
        }
        _i++;
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                Error("a quoted string is not closed on its line");
                return false;
            }
            if (Peek() == '\\') _i += 2;
            else if (_text[_i++] == '"') return true;
        }
    }

    private void Substitution()
    {
        var close = Array.FindIndex(_text, _i + 2, ch => ch is '}' or '\n');
        if (close < 0 || _text[close] != '}')
        {
            Error("'${' is not closed by '}' on its line");
            SkipRestOfLine();
            return;
        }
        _i = close + 1;
    }

    private void SkipBlank(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\n' && newlines)
            {
                _line++;
                _i++;
            }
            else if (c != '\n' && char.IsWhiteSpace(c)) _i++;
            else if (AtComment) SkipComment();
            else return;
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && Peek() != '\n') _i++;
    }

    private void SkipRestOfLine() => SkipComment();
}
