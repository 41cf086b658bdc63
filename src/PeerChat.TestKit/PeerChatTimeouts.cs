using System.Globalization;

namespace PeerChat.Testing;

/// <summary>
/// The timeouts the kit uses when a call passes none, before dilation. Every wait of the kit is
/// dilated as Akka.TestKit dilates its own (<c>akka.test.timefactor</c>) and, inside the test's
/// <c>WithinAsync</c>, ends no later than that block does: see <see cref="PeerChatHarness"/>.
/// The nodes' own timeouts (HOCON) are not changed.
/// </summary>
public static class PeerChatTimeouts
{
    /// <summary>
    /// The environment variable <c>PEERCHAT_TEST_TIMEFACTOR</c> (a number, at least 1; else 1): the
    /// <c>akka.test.timefactor</c> that <see cref="PeerChatTestKit"/> runs with when it is set. A raw
    /// peer used without a TestKit stretches its waits by it too.
    /// </summary>
    public static double TimeFactor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("PEERCHAT_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f >= 1 ? f : 1;

    /// <summary>For each expectation, a peer list, a leave, a mesh, a partition: 10 seconds.</summary>
    public static TimeSpan Default { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>For a headless process to start and print its listening event: 30 seconds (a cold <c>dotnet</c> start on a busy machine).</summary>
    public static TimeSpan ProcessStart { get; set; } = TimeSpan.FromSeconds(30);
}
