using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using PeerChat.Protocol;

namespace PeerChat.Node.Tests;

public sealed class PeerTableTests : TestKit
{
    private Member MemberAt(string ip, int port, string name, bool outbound = false) =>
        new(new PeerInfo(name, "1", "1", ip, port), PeerIdentity.Of(IPAddress.Parse(ip), port), CreateTestProbe().Ref, outbound);

    [Fact]
    public void Who_reply_lists_everyone_but_the_asker()
    {
        var a = MemberAt("10.0.0.1", 5000, "a");
        var b = MemberAt("10.0.0.2", 5000, "b");
        var c = MemberAt("10.0.0.3", 6000, "c");
        var table = PeerTable.Empty.Join(a).Join(b).Join(c);

        Assert.Equal(
            [new PeerAddress("10.0.0.2", 5000), new PeerAddress("10.0.0.3", 6000)],
            table.WhoFor(a.Identity).OrderBy(p => p.Ip));
    }

    [Fact]
    public void A_peer_without_a_valid_port_is_never_advertised()
    {
        var asker = MemberAt("10.0.0.1", 5000, "asker");
        var portless = new Member(new PeerInfo("p", "1", "1", "10.0.0.9", null), new PeerIdentity(IPAddress.Parse("10.0.0.9"), 40123, false), CreateTestProbe().Ref, false);
        var table = PeerTable.Empty.Join(asker).Join(portless);

        Assert.Empty(table.WhoFor(asker.Identity));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void A_second_connection_for_the_same_identity_replaces_the_first()
    {
        var first = MemberAt("10.0.0.1", 5000, "a");
        var second = first with { Connection = CreateTestProbe().Ref };
        var table = PeerTable.Empty.Join(first).Join(second);

        Assert.Equal(1, table.Count);
        Assert.Null(table.FindByConnection(first.Connection));
        Assert.Same(second, table.FindByConnection(second.Connection));
    }

    [Fact]
    public void Leaving_through_a_replaced_connection_changes_nothing()
    {
        var first = MemberAt("10.0.0.1", 5000, "a");
        var second = first with { Connection = CreateTestProbe().Ref };
        var table = PeerTable.Empty.Join(first).Join(second);

        var after = table.Leave(first.Connection, out var removed);

        Assert.Null(removed);
        Assert.Same(table, after);
    }

    [Fact]
    public void Leave_removes_the_member_of_that_connection()
    {
        var a = MemberAt("10.0.0.1", 5000, "a");
        var table = PeerTable.Empty.Join(a).Leave(a.Connection, out var removed);

        Assert.Same(a, removed);
        Assert.Equal(0, table.Count);
    }

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
        Assert.True(Addresses.TryParseHostPort(text, out var h, out var p, out _));
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
        Assert.False(Addresses.TryParseHostPort(text, out _, out _, out var error));
        Assert.Contains(text.Trim(), error);
    }
}
