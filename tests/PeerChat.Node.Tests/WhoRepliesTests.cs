using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using PeerChat.Protocol;

namespace PeerChat.Node.Tests;

/// <summary>The cached who-replies are byte for byte what the codec writes for the same list.</summary>
public sealed class WhoRepliesTests : TestKit
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Every_askers_reply_is_the_codecs_encoding_of_everyone_else(int members)
    {
        var table = PeerTable<IActorRef>.Empty(new TableLimits(100, 10, 4), IPAddress.Any, 5000);
        var conns = new List<IActorRef>();
        for (var i = 0; i < members; i++)
        {
            var conn = CreateTestProbe().Ref;
            conns.Add(conn);
            (table, _) = table.Accept(conn);
            (table, _) = table.Admit(new Candidate<IActorRef>(conn, new PeerInfo($"p{i}", "1", "1", $"10.0.0.{i + 1}", 6000 + i),
                PeerIdentity.Of(IPAddress.Parse($"10.0.0.{i + 1}"), 6000 + i), PeerIdentity.Of(IPAddress.Parse("10.0.0.100"), 5000), false));
        }
        var replies = new WhoReplies();

        foreach (var asker in conns.Append(CreateTestProbe().Ref))
            Assert.Equal(PeerCodec.EncodeLine(new WhoReply(table.WhoFor(asker))), replies.For(table, asker).ToArray());
    }
}
