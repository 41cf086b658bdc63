using PeerChat.Conformance;
using PeerChat.Testing;

namespace PeerChat.Check.Tests;

public sealed class OwnNodeTests : PeerChatTestKit
{
    [Fact]
    public async Task Our_node_passes_every_check_that_needs_no_start()
    {
        var node = await StartNodeAsync("Checked");

        var report = await Checks.RunAsync(node.Port);

        report.AssertOnlyThese();
        Assert.Equal(CheckCatalog.All.Count(c => !c.NeedsStart), report.Count(CheckStatus.Pass));
        Assert.All(report.Results.Where(r => r.Check.NeedsStart), r => Assert.Equal(CheckStatus.Skip, r.Status));
    }
}
