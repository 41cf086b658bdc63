namespace PeerChat.App;

/// <summary>
/// A structural check of HOCON text before Akka's parser sees it: strings closed on their line,
/// <c>${…}</c> closed, every <c>{</c> and <c>[</c> closed by its own kind, no unquoted <c>=</c> or <c>:</c>
/// in a list. Akka.Configuration 1.5 silently accepts most of these mistakes (a missing <c>}</c> just
/// ends the file) and loops forever on an unclosed list followed by a <c>key = value</c> line, so a
/// user's typo would otherwise hang peerchat or be ignored.
/// </summary>
public static class HoconSyntax
{
    /// <summary>Null when the structure is sound, else one line naming the line number and the problem.</summary>
    public static string? Check(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (c == '#' || (c == '/' && At(text, i + 1, '/')))
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (c == '"' && At(text, i + 1, '"') && At(text, i + 2, '"'))
            {
                var start = line;
                var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                if (end < 0) return $"line {start}: a \"\"\" string is never closed";
                for (var j = i; j < end; j++) if (text[j] == '\n') line++;
                i = end + 3;
                while (i < text.Length && text[i] == '"') i++; // """a"""" ends with the last three quotes
            }
            else if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length || text[i] == '\n') return $"line {line}: a quoted string is not closed on its line";
                    if (text[i] == '\\') i += 2;
                    else if (text[i++] == '"') break;
                }
            }
            else if (c == '$' && At(text, i + 1, '{'))
            {
                var close = text.IndexOfAny(['}', '\n'], i + 2);
                if (close < 0 || text[close] != '}') return $"line {line}: '${{' is not closed by '}}' on its line";
                i = close + 1;
            }
            else if (c is '=' or ':' && open.Count > 0 && open.Peek().Bracket == '[')
            {
                // Akka's parser loops forever on "[1\n b = 2" and refuses [127.0.0.1:5001]: both end up here.
                return $"line {line}: unquoted '{c}' inside a list (quote the item, like \"127.0.0.1:5001\", or is a ']' missing?)";
            }
            else if (c is '{' or '[')
            {
                open.Push((c, line));
                i++;
            }
            else if (c is '}' or ']')
            {
                if (open.Count == 0) return $"line {line}: '{c}' without a matching '{Opening(c)}'";
                var (bracket, openedOn) = open.Pop();
                if (bracket != Opening(c)) return $"line {line}: '{c}' closes the '{bracket}' opened on line {openedOn}";
                i++;
            }
            else i++;
        }
        if (open.Count > 0)
        {
            var (bracket, openedOn) = open.Peek();
            return $"line {openedOn}: '{bracket}' is never closed";
        }
        return null;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static char Opening(char closing) => closing == '}' ? '{' : '[';
}
