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
    /// <summary>A day separator: the date, drawn as a rule across the log.</summary>
    Day,
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

    /// <summary>The separator put before the first line of a day: "── Tuesday 1 December 2026 ──".</summary>
    public static LogEntry DayLine(DateTime time) =>
        new(time.Date, EntryKind.Day, time.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The spans of this line before wrapping: time, then name or marker, then text.</summary>
    public IReadOnlyList<Span> Spans()
    {
        if (Kind == EntryKind.Day) return [new Span($"── {Text} ──", Tone.Day)];
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

    /// <summary>
    /// The rows this entry takes at <paramref name="width"/> columns. Continuation rows start under
    /// the text; where the prefix (time and name) takes half the row or more, under the name instead,
    /// so a long name still leaves room for the words. A day line is one rule across the row.
    /// </summary>
    public Row[] Rows(int width)
    {
        if (width == _cachedWidth) return _cachedRows;
        var spans = Spans();
        if (Kind == EntryKind.Day)
        {
            var text = LogLayout.Fit(spans[0].Text, width);
            _cachedRows = [new Row([new Span(text + new string('─', Math.Max(0, width - LogLayout.Columns(text))), Tone.Day)])];
        }
        else
        {
            var keepTogether = spans.Count - 1;
            var prefix = spans.Take(keepTogether).Sum(s => LogLayout.Columns(s.Text));
            var indent = prefix < width / 2 ? prefix : LogLayout.Columns(spans[0].Text);
            _cachedRows = LogLayout.Wrap(spans, width, indent, keepTogether);
        }
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
/// Lines that arrive while the user is not looking (scrolled up, or the terminal away) get a read
/// marker above them once the user is back (<see cref="MarkerBefore"/>).
/// Not thread-safe: the UI thread owns it.
/// </summary>
internal sealed class ChatLog
{
    private readonly LogEntry?[] _ring;
    private int _start;
    private int _width = 80;
    // Read marker, as line numbers counting every line ever added (see Added): the first line that
    // arrived unlooked-at, and the line the marker is drawn above; -1 for none.
    private long _unreadFrom = -1;
    private long _markerBefore = -1;
    private bool _away;

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

    /// <summary>Raised when the view comes back to the newest line after being scrolled up.</summary>
    public event Action? BackAtBottom;

    /// <summary>The index (as for the indexer) of the entry the read marker is drawn above, or null when there is none.</summary>
    public int? MarkerBefore
    {
        get
        {
            var index = _markerBefore - (Added - Count);
            return _markerBefore >= 0 && index >= 0 && index < Count ? (int)index : null;
        }
    }

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
        if ((_away || ScrolledBack > 0) && _unreadFrom < 0) _unreadFrom = Added;
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
        _unreadFrom = -1;
        _markerBefore = -1;
    }

    /// <summary>The terminal lost the focus: lines from now on are unread until <see cref="Back"/>.</summary>
    public void Away() => _away = true;

    /// <summary>The terminal has the focus again: the read marker goes above the first line that came meanwhile (once at the bottom).</summary>
    public void Back()
    {
        _away = false;
        CaughtUp();
    }

    /// <summary>Scrolls by <paramref name="rows"/> (positive = back in time); clamped when drawn.</summary>
    public void Scroll(int rows) => ScrollTo(Math.Max(0, ScrolledBack + rows));

    public void ScrollToBottom() => ScrollTo(0);

    private void ScrollTo(int rows)
    {
        var wasBack = ScrolledBack > 0;
        ScrolledBack = rows;
        if (ScrolledBack > 0 || !wasBack) return;
        Unseen = 0;
        CaughtUp();
        BackAtBottom?.Invoke();
    }

    /// <summary>The user sees the newest line again: mark where the unread lines begin (or nothing, when none came).</summary>
    private void CaughtUp()
    {
        if (_away || ScrolledBack > 0) return;
        _markerBefore = _unreadFrom;
        _unreadFrom = -1;
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
            ScrollTo(Math.Max(0, ScrolledBack - missing));
            rows = Collect(_width, ScrolledBack > 0 ? height - 1 : height, ScrolledBack, out _);
        }
        return rows;
    }

    /// <summary>The read marker's row: "── new ─────" across the log.</summary>
    public static Row MarkerRow(int width)
    {
        var text = LogLayout.Fit("── new ", width);
        return new Row([new Span(text + new string('─', Math.Max(0, width - LogLayout.Columns(text))), Tone.Marker)]);
    }

    private List<Row> Collect(int width, int height, int skip, out int missing)
    {
        var collected = new List<Row>(Math.Max(0, height));
        var marker = MarkerBefore ?? -1;
        void Take(Row row)
        {
            if (skip > 0) skip--;
            else collected.Add(row);
        }
        for (var i = Count - 1; i >= 0 && collected.Count < height; i--)
        {
            var rows = this[i].Rows(width);
            for (var r = rows.Length - 1; r >= 0 && collected.Count < height; r--) Take(rows[r]);
            if (i == marker && collected.Count < height) Take(MarkerRow(width));
        }
        // Rows short of a full view, plus rows that were to be skipped but do not exist: how far past the oldest row this is.
        missing = Math.Max(0, height - collected.Count) + skip;
        collected.Reverse();
        return collected;
    }
}
