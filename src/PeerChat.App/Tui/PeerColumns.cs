using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// A list of members (the answer to <c>/peers</c>, <c>/zip</c>, <c>/age</c>) as a table: a header
/// row, then one row per member, every column as wide as its widest cell in terminal columns (so
/// wide characters in names line up too). Ages are numbers and line up on the right.
/// </summary>
internal static class PeerColumns
{
    private const string Indent = "  ";
    private const string Gap = "  ";
    private static readonly string[] Header = ["name", "age", "zip", "address"];

    public static IEnumerable<string> Rows(IReadOnlyList<PeerInfo> peers)
    {
        var cells = peers
            .Select(p => new[] { ChatScreenModel.Name(p), TextSafety.Inert(p.Age, 20), TextSafety.Inert(p.Zip, 20), p.Address })
            .Prepend(Header)
            .ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => cells.Max(row => LogLayout.Columns(row[c]))).ToArray();
        return cells.Select(row => Indent + string.Join(Gap, row.Select((cell, c) => Pad(cell, widths[c], right: c == 1, last: c == row.Length - 1))));
    }

    private static string Pad(string cell, int width, bool right, bool last)
    {
        var fill = new string(' ', Math.Max(0, width - LogLayout.Columns(cell)));
        return right ? fill + cell : last ? cell : cell + fill;
    }
}
