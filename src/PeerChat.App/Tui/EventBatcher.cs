using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// Hands node events from the bridge actor's thread to the UI thread in batches. The first item
/// after a drain posts one drain to the UI (<c>app.Invoke</c>); items arriving before the UI gets to
/// it join the same batch. So however fast events come, the UI runs at most one drain (and one
/// redraw) per main-loop iteration, and the actor never waits for the UI. A received chat batch is
/// one item, however many lines it holds.
/// </summary>
internal sealed class EventBatcher
{
    private readonly Lock _gate = new();
    private List<object> _pending = [];
    private int _pendingLines;
    private bool _posted;
    private Action<Action>? _post;
    private Action<IReadOnlyList<object>>? _consume;

    /// <summary>Work waiting for the UI: each event counts one, a received chat batch one per line.</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _pendingLines;
        }
    }

    /// <summary>
    /// Connects the UI: <paramref name="post"/> runs an action on the UI thread (<c>app.Invoke</c>),
    /// <paramref name="consume"/> takes a batch there. Items added before this are delivered now.
    /// </summary>
    public void Attach(Action<Action> post, Action<IReadOnlyList<object>> consume)
    {
        bool postNow;
        lock (_gate)
        {
            _post = post;
            _consume = consume;
            postNow = _pending.Count > 0 && !_posted;
            if (postNow) _posted = true;
        }
        if (postNow) post(Drain);
    }

    /// <summary>Stops delivering (the UI is gone); items are kept but never posted.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _post = null;
            _consume = null;
        }
    }

    public void Add(object item)
    {
        Action<Action>? post;
        lock (_gate)
        {
            _pending.Add(item);
            _pendingLines += item is MessagesReceived received ? received.Texts.Count : 1;
            if (_posted || _post is null) return;
            _posted = true;
            post = _post;
        }
        post(Drain);
    }

    /// <summary>Runs on the UI thread: takes everything waiting and hands it over as one batch.</summary>
    private void Drain()
    {
        List<object> batch;
        Action<IReadOnlyList<object>>? consume;
        lock (_gate)
        {
            batch = _pending;
            _pending = [];
            _pendingLines = 0;
            _posted = false;
            consume = _consume;
        }
        if (batch.Count > 0) consume?.Invoke(batch);
    }
}
