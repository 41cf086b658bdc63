using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// Confirms each received chat batch once the screen has applied it, so a flooding peer waits for
/// the screen (its connection stops reading) instead of filling memory. A batch reaches the screen
/// whole (one <see cref="EventBatcher"/> item), so applied means every line of it shown.
/// </summary>
internal static class ShownBatches
{
    /// <summary>The screen applied <paramref name="events"/>, on the UI thread.</summary>
    public static void Shown(IReadOnlyList<object> events)
    {
        foreach (var e in events)
            if (e is MessagesReceived batch) batch.Confirm();
    }
}
