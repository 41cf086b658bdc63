using System.Collections.Concurrent;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// Confirms each received chat batch once the screen has shown all its lines, so a flooding peer
/// waits for the screen (its connection stops reading) instead of filling memory. The bridge adds
/// a batch before handing its lines to the screen; the UI thread reports lines as it shows them.
/// </summary>
internal sealed class ShownBatches
{
    private readonly ConcurrentQueue<MessagesReceived> _pending = new();
    private long _shown; // lines shown that belong to batches not yet confirmed; UI thread only

    public void Received(MessagesReceived batch) => _pending.Enqueue(batch);

    /// <summary>The screen showed <paramref name="lines"/> more received chat lines.</summary>
    public void Shown(int lines)
    {
        _shown += lines;
        while (_pending.TryPeek(out var batch) && batch.Texts.Count <= _shown)
        {
            _shown -= batch.Texts.Count;
            _pending.TryDequeue(out _);
            batch.Confirm();
        }
    }
}
