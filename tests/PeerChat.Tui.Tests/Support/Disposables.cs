namespace PeerChat.Tui.Tests.Support;

/// <summary>What a test started (screens, nodes, peers), disposed last-started first when the test ends.</summary>
internal sealed class Disposables : IDisposable
{
    private readonly List<IDisposable> _items = [];

    public T Add<T>(T item) where T : IDisposable
    {
        _items.Add(item);
        return item;
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_items)) item.Dispose();
        _items.Clear();
    }
}
