using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attr = Terminal.Gui.Drawing.Attribute;
using Col = Terminal.Gui.Drawing.Color;

namespace PeerChat.App.Tui;

/// <summary>Colours for <see cref="Tone"/>s, on the background of the view that draws them.</summary>
internal static class Palette
{
    // Twelve hues of similar brightness, readable on a dark background; terminals without true
    // colour get the nearest of their 16.
    private static readonly Col[] Names =
    [
        new(0xFF, 0x6B, 0x6B), new(0xFF, 0xA9, 0x4D), new(0xFF, 0xD4, 0x3B), new(0xA9, 0xE3, 0x4B),
        new(0x51, 0xCF, 0x66), new(0x38, 0xD9, 0xA9), new(0x3B, 0xC9, 0xDB), new(0x4D, 0xAB, 0xF7),
        new(0x74, 0x8F, 0xFC), new(0x97, 0x75, 0xFA), new(0xDA, 0x77, 0xF2), new(0xF7, 0x83, 0xAC),
    ];

    public static Attr For(Span span, Attr normal) => span.Tone switch
    {
        Tone.Time => new Attr(new Col(ColorName16.DarkGray), normal.Background),
        Tone.Name => new Attr(Names[span.Color % Names.Length], normal.Background, TextStyle.Bold),
        Tone.Mention => new Attr(new Col(ColorName16.Black), new Col(ColorName16.BrightYellow), TextStyle.Bold),
        Tone.System => new Attr(new Col(ColorName16.Gray), normal.Background, TextStyle.Italic),
        Tone.Error => new Attr(new Col(ColorName16.BrightRed), normal.Background, TextStyle.Bold),
        Tone.Hint => new Attr(new Col(ColorName16.Black), new Col(ColorName16.BrightCyan)),
        Tone.Dim => new Attr(new Col(ColorName16.DarkGray), normal.Background),
        Tone.Rule => new Attr(new Col(ColorName16.DarkGray), normal.Background),
        Tone.Title => new Attr(new Col(ColorName16.White), normal.Background, TextStyle.Bold),
        Tone.Day => new Attr(new Col(ColorName16.Cyan), normal.Background),
        Tone.Marker => new Attr(new Col(ColorName16.BrightMagenta), normal.Background, TextStyle.Bold),
        _ => normal,
    };

    /// <summary>Draws <paramref name="rows"/> from row <paramref name="firstRow"/> of <paramref name="view"/>'s viewport, each span in its tone.</summary>
    public static void DrawRows(View view, IReadOnlyList<Row> rows, int firstRow = 0)
    {
        var normal = view.GetAttributeForRole(VisualRole.Normal);
        for (var y = 0; y < rows.Count; y++)
        {
            view.Move(0, firstRow + y);
            foreach (var span in rows[y].Spans)
            {
                view.SetAttribute(For(span, normal));
                view.AddStr(span.Text);
            }
        }
        view.SetAttribute(normal);
    }
}

/// <summary>
/// The message log: the model's visible rows, newest at the bottom. PgUp/PgDn (from the input
/// line) and the mouse wheel scroll it; when scrolled up its last row says how many lines are waiting below.
/// </summary>
internal sealed class LogView : View
{
    public const int WheelRows = 3;
    private readonly ChatLog _log;

    public LogView(ChatLog log)
    {
        _log = log;
        CanFocus = false;
    }

    public int PageRows => Math.Max(1, Viewport.Height - 1);

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var width = Viewport.Width;
        var height = Viewport.Height;
        var rows = _log.Visible(width, height);
        Palette.DrawRows(this, rows);
        if (!_log.AtBottom && height > 0)
        {
            var text = _log.Unseen > 0
                ? $" ▼ {_log.Unseen} new line{(_log.Unseen == 1 ? "" : "s")} below · PgDn or Ctrl+End "
                : " ▼ more below · PgDn or Ctrl+End ";
            var fitted = LogLayout.Fit(text, width);
            Palette.DrawRows(this, [new Row([new Span(fitted + new string(' ', Math.Max(0, width - LogLayout.Columns(fitted))), Tone.Hint)])], height - 1);
        }
        return true;
    }

    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledUp)) _log.Scroll(WheelRows);
        else if (mouse.Flags.HasFlag(MouseFlags.WheeledDown)) _log.Scroll(-WheelRows);
        else return false;
        SetNeedsDraw();
        return true;
    }
}

/// <summary>The members, two rows each; the mouse wheel scrolls a list longer than the pane.</summary>
internal sealed class PeersView : View
{
    private readonly ChatScreenModel _model;
    private int _top;

    public PeersView(ChatScreenModel model)
    {
        _model = model;
        CanFocus = false;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var rows = _model.PeerRows(Viewport.Width);
        _top = Math.Clamp(_top, 0, Math.Max(0, rows.Count - Viewport.Height));
        Palette.DrawRows(this, rows.Skip(_top).Take(Viewport.Height).ToList());
        return true;
    }

    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledUp)) _top -= 2;
        else if (mouse.Flags.HasFlag(MouseFlags.WheeledDown)) _top += 2;
        else return false;
        SetNeedsDraw();
        return true;
    }
}

/// <summary>
/// A line around the log and the peers pane, drawn as plain characters: a row of spans
/// (horizontal) or one character down every row (vertical). Terminal.Gui's framed views redraw
/// their borders with every change inside them, which under a flood of messages costs more than
/// the messages; these are redrawn only when their text changes.
/// </summary>
internal sealed class Rule : View
{
    private readonly Func<int, Row>? _row;
    private readonly string? _glyph;

    /// <summary>A horizontal rule: <paramref name="row"/> makes its spans for a width.</summary>
    public Rule(Func<int, Row> row)
    {
        _row = row;
        CanFocus = false;
    }

    /// <summary>A vertical rule of <paramref name="glyph"/>.</summary>
    public Rule(string glyph)
    {
        _glyph = glyph;
        CanFocus = false;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        if (_glyph is not null)
        {
            var rows = Enumerable.Repeat(new Row([new Span(_glyph, Tone.Rule)]), Viewport.Height).ToList();
            Palette.DrawRows(this, rows);
        }
        else if (_row is not null) Palette.DrawRows(this, [_row(Viewport.Width)]);
        return true;
    }

    /// <summary>"──Title──────" cut or filled to <paramref name="width"/> columns, ending in <paramref name="end"/>.</summary>
    public static IEnumerable<Span> Titled(string title, int width, string end = "")
    {
        var fitted = LogLayout.Fit(title, Math.Max(0, width - 2 - end.Length));
        var fill = Math.Max(0, width - 2 - LogLayout.Columns(fitted) - end.Length);
        return [new Span("──", Tone.Rule), new Span(fitted, Tone.Title), new Span(new string('─', fill) + end, Tone.Rule)];
    }
}

/// <summary>The bottom row: who and where you are, how many peers, and the keys.</summary>
internal sealed class StatusLine : View
{
    private readonly ChatScreenModel _model;

    public StatusLine(ChatScreenModel model)
    {
        _model = model;
        CanFocus = false;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var width = Viewport.Width;
        var text = LogLayout.Fit(_model.StatusText, width);
        var attr = new Attr(new Col(ColorName16.Black), new Col(ColorName16.Gray));
        SetAttribute(attr);
        Move(0, 0);
        AddStr(text + new string(' ', Math.Max(0, width - LogLayout.Columns(text))));
        return true;
    }
}
