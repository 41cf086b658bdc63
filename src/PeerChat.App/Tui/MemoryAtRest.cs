namespace PeerChat.App.Tui;

/// <summary>
/// Gives back to the system the memory a busy spell used, once the chat screen has come to rest
/// (<see cref="IdleLoop.Resting"/>). The .NET GC collects only when allocations fill its young
/// generation's budget, and this machine's budget is about 20 MiB: the start allocates some 42 MiB of
/// short-lived objects (config, Terminal.Gui's setup, the JIT) and ends with about 21 MiB committed for
/// a live heap of under 3 MiB. A screen at rest allocates next to nothing, so no collection comes to
/// release it. Here, when the screen rests after at least <see cref="Threshold"/> of allocations, one
/// full collection in the GC's aggressive mode (which decommits what it frees) gives it back: a few
/// milliseconds of a screen nobody is typing into, never during a flood (a flood never rests).
/// </summary>
internal sealed class MemoryAtRest
{
    /// <summary>Allocations since the last collection here worth one; below it the spell used too little to matter.</summary>
    public const long Threshold = 4L << 20;

    private readonly Func<long> _allocated;
    private readonly Action _collect;
    private long _allocatedAtCollection;

    /// <param name="allocated">Bytes allocated by the process so far (tests give their own).</param>
    /// <param name="collect">The collection (tests count them).</param>
    public MemoryAtRest(Func<long>? allocated = null, Action? collect = null)
    {
        _allocated = allocated ?? (() => GC.GetTotalAllocatedBytes());
        _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
    }

    /// <summary>The screen has come to rest: collect if enough was allocated since the last time.</summary>
    public void Rested()
    {
        if (_allocated() - _allocatedAtCollection < Threshold) return;
        _collect();
        _allocatedAtCollection = _allocated();
    }
}
