using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing.Tests;

/// <summary>The rules between settings that docs/testkit.md lists where per-node overrides are described.</summary>
public sealed class SettingsRuleTests : PeerChatTestKit
{
    [Fact]
    public async Task An_in_process_node_refuses_an_outbound_buffer_below_the_high_water_mark()
    {
        var failure = await Assert.ThrowsAsync<SettingsException>(() => StartNodeAsync("n", """
            peerchat.limits.outbound-high-water = 64 KiB
            peerchat.limits.max-outbound-buffer = 32 KiB
            """));

        Assert.Equal("peerchat.limits.max-outbound-buffer: must be at least peerchat.limits.outbound-high-water", failure.Message);
    }

    [Fact]
    public async Task A_headless_node_refuses_an_outbound_buffer_no_larger_than_the_longest_line()
    {
        var failure = await Assert.ThrowsAsync<XunitException>(() => StartHeadlessNodeAsync("proc", new HeadlessNodeOptions
        {
            HoconOverrides = """
                peerchat.limits.max-line-length = 1 MiB
                peerchat.limits.max-outbound-buffer = 1 MiB
                """,
        }));

        Assert.Contains("exited with code 2 before its listening event", failure.Message);
        Assert.Contains("must be larger than peerchat.limits.max-line-length", failure.Message);
    }
}
