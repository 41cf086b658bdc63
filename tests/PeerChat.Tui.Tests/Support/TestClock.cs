namespace PeerChat.Tui.Tests.Support;

/// <summary>A clock the test sets: local time is UTC, so what is set is what the screen shows.</summary>
internal sealed class TestClock(DateTime now) : TimeProvider
{
    public DateTime Now { get; set; } = now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(Now, DateTimeKind.Utc));
}
