using PeerChat.App.Tui;

namespace PeerChat.Tui.Tests;

/// <summary>Memory given back when the screen rests (<see cref="MemoryAtRest"/>), with the process's allocations counted by the test.</summary>
public sealed class MemoryAtRestTests
{
    private long _allocated;
    private int _collections;
    private readonly MemoryAtRest _memory;

    public MemoryAtRestTests() => _memory = new MemoryAtRest(() => _allocated, () => _collections++);

    [Fact]
    public void A_rest_after_a_busy_spell_gives_the_memory_back_once()
    {
        _allocated = MemoryAtRest.Threshold;
        _memory.Rested();
        Assert.Equal(1, _collections);
        _memory.Rested(); // nothing allocated since
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void A_rest_after_little_allocation_costs_no_collection_until_the_spells_add_up()
    {
        _allocated = MemoryAtRest.Threshold / 2;
        _memory.Rested();
        Assert.Equal(0, _collections);
        _allocated = MemoryAtRest.Threshold;
        _memory.Rested();
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void The_collection_at_rest_is_a_full_one()
    {
        var full = GC.CollectionCount(GC.MaxGeneration);
        new MemoryAtRest(() => MemoryAtRest.Threshold).Rested();
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > full);
    }
}
