using Akka.TestKit;

namespace PeerChat.Testing;

/// <summary>
/// How long one wait of the kit may last, decided as Akka.TestKit decides for its own expectations:
/// a given timeout is dilated by <c>akka.test.timefactor</c>; none given means the time left in the
/// enclosing <c>Within</c>, else the dilated default. Inside a <c>Within</c>, no wait outlasts it.
/// </summary>
/// <remarks>
/// A wait inside a <c>Within</c> ends a little before the block does (a tenth of the time left, at
/// most 100 ms): Akka's <c>WithinAsync</c> fails a block still running at its end with "Block was
/// still running", and the kit's own failure, which says what was awaited and what came instead,
/// should be the one the test reports.
/// </remarks>
internal sealed class WaitLimit
{
    private static readonly TimeSpan MaxLead = TimeSpan.FromMilliseconds(100);

    private readonly TestKitBase? _kit;

    private WaitLimit(TestKitBase? kit) => _kit = kit;

    /// <summary>For a handle or socket made outside a TestKit: <c>PEERCHAT_TEST_TIMEFACTOR</c> stretches the waits.</summary>
    public static WaitLimit WithoutKit { get; } = new(null);

    public static WaitLimit Of(TestKitBase kit) => new(kit);

    /// <summary>The wait for <paramref name="given"/> (null: <paramref name="fallback"/>, else <see cref="PeerChatTimeouts.Default"/>).</summary>
    public TimeSpan For(TimeSpan? given, TimeSpan? fallback = null)
    {
        var wanted = given ?? fallback ?? PeerChatTimeouts.Default;
        if (_kit is null) return wanted * PeerChatTimeouts.TimeFactor;
        var dilated = _kit.Dilated(wanted);
        if (LeftInWithin(_kit) is not { } left) return dilated;
        if (given is null) return left;
        return left < dilated ? left : dilated;
    }

    private static TimeSpan? LeftInWithin(TestKitBase kit)
    {
        try
        {
            var left = kit.Remaining;
            var lead = TimeSpan.FromTicks(Math.Min(left.Ticks / 10, MaxLead.Ticks));
            return left - lead > TimeSpan.Zero ? left - lead : TimeSpan.Zero;
        }
        catch (InvalidOperationException)
        {
            return null; // not inside a Within: Akka.TestKit has no other way to tell
        }
    }
}
