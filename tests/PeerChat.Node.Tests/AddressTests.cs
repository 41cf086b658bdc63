using PeerChat.Protocol;
using System.Net;

namespace PeerChat.Node.Tests;

public sealed class AddressTests
{
    [Fact]
    public void Identities_order_by_address_then_port()
    {
        var low = PeerIdentity.Of(IPAddress.Parse("10.0.0.1"), 9000);
        var high = PeerIdentity.Of(IPAddress.Parse("10.0.0.2"), 1000);
        var higher = PeerIdentity.Of(IPAddress.Parse("10.0.0.2"), 2000);

        Assert.True(low.CompareTo(high) < 0);
        Assert.True(high.CompareTo(higher) < 0);
        Assert.True(higher.CompareTo(low) > 0);
    }

    [Fact]
    public void Ipv4_mapped_addresses_are_normalised_to_plain_ipv4()
    {
        Assert.Equal(PeerIdentity.Of(IPAddress.Parse("127.0.0.1"), 5), PeerIdentity.Of(IPAddress.Parse("::ffff:127.0.0.1"), 5));
        Assert.Equal("127.0.0.1:5", PeerIdentity.Of(IPAddress.Parse("::ffff:127.0.0.1"), 5).ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5000", "127.0.0.1", 5000)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void Host_port_parses(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, out var h, out var p, out _));
        Assert.Equal((host, port), (h, p));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":5000")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:12a")]
    [InlineData("::1:5000")]
    public void Bad_host_port_is_refused_with_a_reason(string text)
    {
        Assert.False(HostPort.TryParse(text, out _, out _, out var error));
        Assert.Contains(text.Trim(), error);
    }
}
