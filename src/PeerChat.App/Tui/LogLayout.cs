using System.Globalization;
using Terminal.Gui.Text;

namespace PeerChat.App.Tui;

/// <summary>How a piece of text is shown; the view maps each to a colour.</summary>
internal enum Tone
{
    Normal,
    Time,
    /// <summary>A sender's name: <see cref="Span.Color"/> is its palette index (<see cref="NameColors"/>).</summary>
    Name,
    /// <summary>Text of a line that mentions the user's own name.</summary>
    Mention,
    System,
    Error,
    /// <summary>The "new lines below" marker and other hints drawn by the screen itself.</summary>
    Hint,
    Dim,
    /// <summary>The lines between the panes.</summary>
    Rule,
    /// <summary>A pane's title in a rule.</summary>
    Title,
    /// <summary>A day separator line in the log.</summary>
    Day,
    /// <summary>The read marker: where the user left off.</summary>
    Marker,
}

/// <summary>A run of text in one tone (already made inert: see <see cref="TextSafety"/>).</summary>
internal readonly record struct Span(string Text, Tone Tone, int Color = 0);

/// <summary>One screen row: spans whose columns add up to at most the width it was laid out for.</summary>
internal sealed record Row(IReadOnlyList<Span> Spans)
{
    public static readonly Row Empty = new(Array.Empty<Span>());

    /// <summary>The row's text without tones: what a terminal shows there.</summary>
    public string Text => string.Concat(Spans.Select(s => s.Text));
}

/// <summary>
/// Terminal columns and line wrapping. Widths are Terminal.Gui's own (wcwidth over grapheme
/// clusters), so what is laid out here lines up with what the driver draws: CJK and most emoji
/// take two columns, combining marks and joiners none.
/// </summary>
internal static class LogLayout
{
    /// <summary>Columns of one grapheme cluster.</summary>
    public static int Columns(string text, int start, int length)
    {
        if (length == 1)
        {
            var c = text[start];
            if (c >= ' ' && c < '\x7f') return 1;
        }
        return Math.Max(0, text.Substring(start, length).GetColumns());
    }

    /// <summary>Columns of a whole string.</summary>
    public static int Columns(string text)
    {
        var total = 0;
        for (var i = 0; i < text.Length;)
        {
            var n = NextElement(text, i);
            total += Columns(text, i, n);
            i += n;
        }
        return total;
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxColumns"/> columns, ending in "…"
    /// when something was cut.
    /// </summary>
    public static string Fit(string text, int maxColumns)
    {
        if (maxColumns <= 0) return "";
        var col = 0;
        var cutAt = -1; // where "…" goes if the text turns out too long
        for (var i = 0; i < text.Length;)
        {
            var n = NextElement(text, i);
            var w = Columns(text, i, n);
            if (col + w > maxColumns - 1 && cutAt < 0) cutAt = i;
            if (col + w > maxColumns) return text[..cutAt] + TextSafety.Ellipsis;
            col += w;
            i += n;
        }
        return text;
    }

    private static int NextElement(string text, int index)
    {
        var c = text[index];
        // ASCII followed by ASCII (or the end) is a cluster of its own: skip the Unicode tables.
        if (c < '\x7f' && (index + 1 == text.Length || text[index + 1] < '\x7f')) return 1;
        return Math.Max(1, StringInfo.GetNextTextElementLength(text.AsSpan(index)));
    }

    /// <summary>
    /// Wraps <paramref name="spans"/> to rows of at most <paramref name="width"/> columns. Breaks
    /// after a space where it can (never inside the first <paramref name="keepTogether"/> spans,
    /// the line's prefix), else between clusters; a cluster wider than the row gets a row to itself.
    /// Rows after the first start with <paramref name="indent"/> spaces (dropped when the row is too narrow for it).
    /// </summary>
    public static Row[] Wrap(IReadOnlyList<Span> spans, int width, int indent, int keepTogether)
    {
        if (width <= 0) return [Row.Empty];
        if (indent >= width / 2) indent = Math.Min(2, width / 4);

        var all = string.Concat(spans.Select(s => s.Text));
        if (all.Length == 0) return [Row.Empty];

        // Clusters: start, length, columns, and the span each belongs to.
        var starts = new List<int>(all.Length);
        var lengths = new List<int>(all.Length);
        var widths = new List<int>(all.Length);
        var owner = new List<int>(all.Length);
        var textStart = int.MaxValue;
        var offset = 0;
        for (var s = 0; s < spans.Count; s++)
        {
            var t = spans[s].Text;
            if (s == keepTogether) textStart = starts.Count;
            for (var i = 0; i < t.Length;)
            {
                var n = NextElement(t, i);
                starts.Add(offset + i);
                lengths.Add(n);
                widths.Add(Columns(t, i, n));
                owner.Add(s);
                i += n;
            }
            offset += t.Length;
        }

        var rows = new List<Row>();
        var count = starts.Count;
        var at = 0;
        var first = true;
        while (at < count)
        {
            var lead = first ? 0 : indent;
            var available = width - lead;
            var col = 0;
            var end = at;
            var lastSpace = -1;
            while (end < count && col + widths[end] <= available)
            {
                col += widths[end];
                if (end >= textStart && IsSpace(all, starts, lengths, end)) lastSpace = end;
                end++;
            }
            var next = end;
            if (end < count)
            {
                if (end >= textStart && IsSpace(all, starts, lengths, end)) next = end + 1; // break at that space
                else if (lastSpace > at && !LongerThan(widths, all, starts, lengths, lastSpace + 1, width - indent))
                {
                    // Break at the last space (it is dropped); a word too long for any row is cut where the row ends.
                    end = lastSpace;
                    next = lastSpace + 1;
                }
            }
            if (end == at && next == at) end = next = at + 1; // wider than the row: alone, clipped by the view
            rows.Add(BuildRow(spans, all, starts, lengths, owner, at, end, lead));
            at = next;
            first = false;
        }
        return rows.ToArray();
    }

    /// <summary>Whether the word starting at cluster <paramref name="from"/> needs more than <paramref name="columns"/> columns.</summary>
    private static bool LongerThan(List<int> widths, string all, List<int> starts, List<int> lengths, int from, int columns)
    {
        var total = 0;
        for (var i = from; i < widths.Count && !IsSpace(all, starts, lengths, i); i++)
        {
            total += widths[i];
            if (total > columns) return true;
        }
        return false;
    }

    private static bool IsSpace(string all, List<int> starts, List<int> lengths, int i) => lengths[i] == 1 && all[starts[i]] == ' ';

    private static Row BuildRow(IReadOnlyList<Span> spans, string all, List<int> starts, List<int> lengths, List<int> owner, int from, int to, int lead)
    {
        var result = new List<Span>(4);
        if (to <= from) return Row.Empty;
        if (lead > 0) result.Add(new Span(new string(' ', lead), Tone.Normal));
        var i = from;
        while (i < to)
        {
            var s = owner[i];
            var j = i;
            while (j < to && owner[j] == s) j++;
            var text = all.Substring(starts[i], starts[j - 1] + lengths[j - 1] - starts[i]);
            result.Add(spans[s] with { Text = text });
            i = j;
        }
        return new Row(result);
    }
}

/// <summary>Stable colours for names: the same name gets the same colour in every run and on every machine.</summary>
internal static class NameColors
{
    /// <summary>How many colours names are spread over (the view holds the palette).</summary>
    public const int Count = 12;

    /// <summary>FNV-1a over the name's UTF-16 units (not <see cref="string.GetHashCode()"/>, which changes per process).</summary>
    public static int Of(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash % Count);
    }
}
