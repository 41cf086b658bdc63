namespace PeerChat.App;

/// <summary>
/// What <see cref="HoconSyntax.Scan"/> found: every syntax error (each "line N: …"), the line each key was
/// last set on (full path, for messages about its value), and the text to hand to Akka's parser.
/// </summary>
internal sealed record HoconScan(IReadOnlyList<string> Errors, IReadOnlyDictionary<string, int> KeyLines, string Text);

/// <summary>
/// Reads HOCON text the way its grammar goes (objects of <c>key = value</c> fields, lists, strings,
/// substitutions, comments) before Akka's parser sees it, to find the mistakes that parser gets wrong:
/// it takes a missing <c>}</c> as the end of the file, a key without a value as an empty value, reads
/// <c>name = = x</c> as two keys, loops forever on an unclosed list followed by a <c>key = value</c> line,
/// and refuses the valid <c>a { … }, b = 1</c> with no line number. Every error is collected, not just the
/// first, and a field-separating comma after <c>}</c> is handed to Akka as the newline it means.
/// </summary>
internal sealed partial class HoconSyntax
{
    private readonly char[] _text;
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, int> _keyLines = new(StringComparer.Ordinal);
    private int _i;
    private int _line = 1;
    private int _listDepth;

    private HoconSyntax(string text) => _text = text.ToCharArray();

    public static HoconScan Scan(string text)
    {
        var scan = new HoconSyntax(text);
        scan.ObjectBody(prefix: "", openedOn: 0);
        return new HoconScan(scan._errors, scan._keyLines, new string(scan._text));
    }

    /// <summary>Null for text, else why the file is not HOCON text (binary data): a control character and its line.</summary>
    public static string? NotText(string text)
    {
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n') line++;
            else if (char.IsControl(c) && c is not ('\t' or '\r' or '\f'))
                return $"line {line}: control character U+{(int)c:X4}; this is not a HOCON text file";
        }
        return null;
    }

    private void Error(string problem) => _errors.Add($"line {_line}: {problem}");

    /// <summary>Fields up to the <c>}</c> that closes this object (or the end of the text, for the root).</summary>
    private void ObjectBody(string prefix, int openedOn)
    {
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                if (openedOn > 0) _errors.Add($"line {openedOn}: '{{' is never closed");
                return;
            }
            var c = Peek();
            if (c == '}')
            {
                _i++;
                if (openedOn > 0) return;
                Error("'}' without a matching '{'");
            }
            else if (c == ']')
            {
                _i++;
                Error("']' without a matching '['");
            }
            else if (c == '{' && openedOn == 0 && prefix.Length == 0)
            {
                // The whole file may be wrapped in braces.
                _i++;
                ObjectBody("", _line);
            }
            else if (c == ',')
            {
                // A comma between fields means what a newline means; Akka refuses it after a '}'.
                _text[_i++] = '\n';
            }
            else Field(prefix);
        }
    }

    private void Field(string prefix)
    {
        var keyLine = _line;
        var errorsBefore = _errors.Count;
        var key = Key();
        if (key.Length == 0)
        {
            if (_errors.Count == errorsBefore) Error($"'{Peek()}' where a key should be");
            SkipRestOfLine();
            return;
        }
        var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
        SkipBlank(newlines: false);
        var c = Peek();
        if (c == '{')
        {
            Record(path, keyLine);
            _i++;
            ObjectBody(path, keyLine);
            return;
        }
        if (c == '+' && Peek(1) == '=') _i += 2;
        else if (c is '=' or ':') _i++;
        else
        {
            Error(AtEnd || c == '\n' || AtComment ? $"'{key}' has no '=' and no value" : $"'{c}' after the key '{key}' (expected '=' or '{{')");
            SkipRestOfLine();
            return;
        }
        Record(path, keyLine);
        SkipBlank(newlines: false);
        c = Peek();
        if (c is '=' or ':')
        {
            Error($"'{key}' has two '{c}' (write {key} = value)");
            SkipRestOfLine();
            return;
        }
        if (AtEnd || c is '\n' or '}' or ',' || AtComment)
        {
            Error($"'{key}' has no value after the '='");
            return;
        }
        Value(path);
    }

    // Objects inside lists are not peerchat keys: their fields are checked but not recorded.
    private void Record(string path, int line)
    {
        if (_listDepth == 0) _keyLines[path] = line;
    }

    /// <summary>A key: unquoted words and quoted strings up to a separator; quotes are dropped, dots kept.</summary>
    private string Key()
    {
        var key = new System.Text.StringBuilder();
        while (!AtEnd && !AtComment)
        {
            var c = Peek();
            if (c == '"')
            {
                var start = _i + 1;
                if (!QuotedString()) return "";
                key.Append(_text, start, _i - 1 - start);
            }
            else if (c is '=' or ':' or '{' or '}' or '[' or ']' or ',' or '\n' || (c == '+' && Peek(1) == '=')) break;
            else
            {
                key.Append(c);
                _i++;
            }
        }
        return key.ToString().Trim();
    }

    /// <summary>A value up to the end of its field: concatenated words, strings, substitutions, lists and objects.</summary>
    private void Value(string? path)
    {
        while (!AtEnd && !AtComment)
        {
            var c = Peek();
            if (c is '\n' or ',' or '}' or ']') return;
            if (c == '{')
            {
                _i++;
                ObjectBody(path ?? "", _line);
            }
            else if (c == '[') List();
            else if (c == '"') QuotedString();
            else if (c == '$' && Peek(1) == '{') Substitution();
            else _i++;
        }
    }

    private void List()
    {
        var openedOn = _line;
        _i++;
        _listDepth++;
        try
        {
            ListItems(openedOn);
        }
        finally
        {
            _listDepth--;
        }
    }

    private void ListItems(int openedOn)
    {
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                _errors.Add($"line {openedOn}: '[' is never closed");
                return;
            }
            var c = Peek();
            if (c == ']')
            {
                _i++;
                return;
            }
            if (c == '}')
            {
                // Left for the object it was probably meant to close.
                Error($"'}}' closes the '[' opened on line {openedOn}");
                return;
            }
            if (c == ',') _i++;
            else if (c is '=' or ':')
            {
                // Akka's parser loops forever on "[1\n b = 2" and refuses [127.0.0.1:5001]: both end up here.
                Error($"unquoted '{c}' inside a list (quote the item, like \"127.0.0.1:5001\", or is a ']' missing?)");
                _i++;
            }
            else ListItemPart();
        }
    }

    private void ListItemPart()
    {
        var c = Peek();
        if (c == '{')
        {
            _i++;
            ObjectBody("", _line);
        }
        else if (c == '[') List();
        else if (c == '"') QuotedString();
        else if (c == '$' && Peek(1) == '{') Substitution();
        else _i++;
    }
}
