namespace PeerChat.App.Tui;

internal enum EntryKind
{
    /// <summary>A chat line from a peer.</summary>
    Chat,
    /// <summary>A chat line this node sent.</summary>
    Own,
    /// <summary>Joins, leaves, command output.</summary>
    System,
    /// <summary>Something failed or the input was not understood.</summary>
    Error,
}

/// <summary>
/// One line of the message log, already inert and cut to display length (the transcript has the
/// full text). Its wrapped rows are cached for the last width it was laid out at.
/// </summary>
internal sealed class LogEntry
{
    /// <summary>At most this many columns of a sender's name are shown in the log.</summary>
    public const int MaxNameColumns = 24;

    public LogEntry(DateTime time, EntryKind kind, string text, string? sender = null, bool mention = false)
    {
        Time = time;
        Kind = kind;
        Text = text;
        Sender = sender;
        Mention = mention;
    }

    public DateTime Time { get; }
    public EntryKind Kind { get; }
    public string Text { get; }
    /// <summary>The sender's display name (chat lines only).</summary>
    public string? Sender { get; }
    /// <summary>The text mentions the user's own name.</summary>
    public bool Mention { get; }

    private int _cachedWidth = -1;
    private Row[] _cachedRows = [];

    /// <summary>The spans of this line before wrapping: time, then name or marker, then text.</summary>
    public IReadOnlyList<Span> Spans()
    {
        var time = new Span(Time.ToString("HH:mm ", System.Globalization.CultureInfo.InvariantCulture), Tone.Time);
        return Kind switch
        {
            EntryKind.Chat or EntryKind.Own =>
            [
                time,
                new Span("<" + LogLayout.Fit(Sender ?? "", MaxNameColumns) + ">", Tone.Name, NameColors.Of(Sender ?? "")),
                new Span(" ", Tone.Normal),
                new Span(Text, Mention ? Tone.Mention : Tone.Normal),
            ],
            EntryKind.Error => [time, new Span("!! ", Tone.Error), new Span(Text, Tone.Error)],
            _ => [time, new Span("-- ", Tone.System), new Span(Text, Tone.System)],
        };
    }

    /// <summary>The rows this entry takes at <paramref name="width"/> columns (continuation rows indented under the text).</summary>
    public Row[] Rows(int width)
    {
        if (width == _cachedWidth) return _cachedRows;
        var spans = Spans();
        // Continuation rows start under the text (under the name for chat lines, where a long name would leave no room).
        var chat = Kind is EntryKind.Chat or EntryKind.Own;
        var indent = LogLayout.Columns(spans[0].Text) + (chat ? 2 : LogLayout.Columns(spans[1].Text));
        _cachedRows = LogLayout.Wrap(spans, width, indent, keepTogether: spans.Count - 1);
        _cachedWidth = width;
        return _cachedRows;
    }

    /// <summary>The whole line as plain text (tests, the screen reader of last resort).</summary>
    public override string ToString() => string.Concat(Spans().Select(s => s.Text));
}

/// <summary>
/// The message log: the last <see cref="Capacity"/> entries and where the user has scrolled to.
/// The view follows the newest line unless the user scrolled up; then new lines leave the view
/// where it is and are counted (<see cref="Unseen"/>) until the user is back at the bottom.
/// Not thread-safe: the UI thread owns it.
/// </summary>
internal sealed class ChatLog
{
    private readonly LogEntry?[] _ring;
    private int _start;
    private int _width = 80;

    public ChatLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new LogEntry?[capacity];
    }

    public int Capacity => _ring.Length;
    public int Count { get; private set; }

    /// <summary>Entries ever added (so tests and the flood measurement can count past the cap).</summary>
    public long Added { get; private set; }

    /// <summary>Rows between the bottom of the view and the newest row; 0 = following new lines.</summary>
    public int ScrolledBack { get; private set; }

    /// <summary>Lines that arrived while scrolled up.</summary>
    public int Unseen { get; private set; }

    public bool AtBottom => ScrolledBack == 0;

    public LogEntry this[int index] => index >= 0 && index < Count
        ? _ring[(_start + index) % _ring.Length]!
        : throw new ArgumentOutOfRangeException(nameof(index));

    public LogEntry? Last => Count == 0 ? null : this[Count - 1];

    public void Add(LogEntry entry)
    {
        if (Count == _ring.Length)
        {
            _ring[_start] = entry;
            _start = (_start + 1) % _ring.Length;
        }
        else
        {
            _ring[(_start + Count) % _ring.Length] = entry;
            Count++;
        }
        Added++;
        if (ScrolledBack > 0)
        {
            // Keep the rows on screen where they are: the new rows go below the view.
            ScrolledBack += entry.Rows(_width).Length;
            Unseen++;
        }
    }

    public void Clear()
    {
        Array.Clear(_ring);
        _start = 0;
        Count = 0;
        ScrolledBack = 0;
        Unseen = 0;
    }

    /// <summary>Scrolls by <paramref name="rows"/> (positive = back in time); clamped when drawn.</summary>
    public void Scroll(int rows)
    {
        ScrolledBack = Math.Max(0, ScrolledBack + rows);
        if (ScrolledBack == 0) Unseen = 0;
    }

    public void ScrollToBottom()
    {
        ScrolledBack = 0;
        Unseen = 0;
    }

    /// <summary>
    /// The rows to show in a view of <paramref name="width"/> × <paramref name="height"/>, oldest
    /// first. Only the entries on screen (and those scrolled past) are wrapped. When scrolled up,
    /// the last row is left for the "new lines below" marker and <paramref name="height"/> − 1 rows are returned.
    /// </summary>
    public IReadOnlyList<Row> Visible(int width, int height)
    {
        _width = Math.Max(1, width);
        if (height <= 0 || Count == 0) return [];
        var rows = Collect(_width, ScrolledBack > 0 ? height - 1 : height, ScrolledBack, out var missing);
        if (missing > 0 && ScrolledBack > 0)
        {
            // Scrolled past the oldest line: pin the oldest row to the top instead.
            ScrolledBack = Math.Max(0, ScrolledBack - missing);
            if (ScrolledBack == 0) Unseen = 0;
            rows = Collect(_width, ScrolledBack > 0 ? height - 1 : height, ScrolledBack, out _);
        }
        return rows;
    }

    private List<Row> Collect(int width, int height, int skip, out int missing)
    {
        var collected = new List<Row>(Math.Max(0, height));
        for (var i = Count - 1; i >= 0 && collected.Count < height; i--)
        {
            var rows = this[i].Rows(width);
            for (var r = rows.Length - 1; r >= 0 && collected.Count < height; r--)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                collected.Add(rows[r]);
            }
        }
        // Rows short of a full view, plus rows that were to be skipped but do not exist: how far past the oldest row this is.
        missing = Math.Max(0, height - collected.Count) + skip;
        collected.Reverse();
        return collected;
    }
}
