using System.Text;

namespace PeerChat.App.Tui;

/// <summary>
/// What a paste into the input line becomes. The terminal delivers a bracketed paste whole; a
/// paste of several lines is sent as one message per line (see <see cref="ChatWindow.Paste"/>),
/// with what was already typed before the cursor in front of its first line and what was after
/// the cursor behind its last, as if each line end had been an Enter.
/// </summary>
internal static class PastedText
{
    /// <summary>Pastes of more lines than this are sent only after the user says so.</summary>
    public const int LinesSentWithoutAsking = 3;

    /// <summary>
    /// The paste with every line end as <c>\n</c> (terminals send <c>\r</c>), a tab as four spaces,
    /// and other control characters (C0, DEL, C1) dropped: they cannot be typed into a chat line either.
    /// </summary>
    public static string Clean(string raw)
    {
        var b = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\r')
            {
                b.Append('\n');
                if (i + 1 < raw.Length && raw[i + 1] == '\n') i++;
            }
            else if (c == '\n') b.Append('\n');
            else if (c == '\t') b.Append("    ");
            else if (c >= ' ' && c != '\u007f' && (c < '\u0080' || c > '\u009f')) b.Append(c);
        }
        return b.ToString();
    }

    /// <summary>The lines to send, in order: the cleaned paste put in at the cursor, cut at each line end; blank lines are left out (a chat line cannot be empty).</summary>
    public static IReadOnlyList<string> Lines(string before, string cleaned, string after) =>
        (before + cleaned + after).Split('\n').Where(line => line.Trim().Length > 0).ToList();

    /// <summary>The line as a chat message even when it starts with <c>/</c> (<c>//text</c> sends <c>/text</c>): a paste is text, never commands.</summary>
    public static string AsMessage(string line) => line.StartsWith('/') ? "/" + line : line;
}
