using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>
/// protocol-profile.md, "Membership under pressure", over real sockets: taken-over addresses,
/// repeated joins, who floods, bursts of dialers and a full room.
/// </summary>
public sealed class MembershipTests : PeerChatTestKit
{
    [Fact]
    public async Task A_join_from_a_members_address_under_another_name_shows_the_old_name_leaving_then_the_new_one_joining()
    {
        var node = await StartNodeAsync("n");
        var alice = await JoinRawPeerAsync(node, "alice", port: "7001");
        await node.ExpectPeerJoinedAsync("alice");

        var mallory = await JoinRawPeerAsync(node, "mallory", port: "7001");

        Assert.Equal(LeaveReason.Replaced, (await node.ExpectPeerLeftAsync("alice")).Reason);
        await node.ExpectPeerJoinedAsync("mallory");
        await alice.ExpectClosedByNodeAsync();
        Assert.Equal(["mallory"], (await node.PeersAsync()).Select(p => p.Name));
        await mallory.SayAsync("it is me now");
        await node.ExpectMessageAsync(from: "mallory", text: "it is me now");
    }

    [Fact]
    public async Task A_member_rejoining_from_its_address_under_its_own_name_takes_over_without_news()
    {
        var node = await StartNodeAsync("n");
        var before = await JoinRawPeerAsync(node, "alice", port: "7001");
        await node.ExpectPeerJoinedAsync("alice");

        var after = await JoinRawPeerAsync(node, "alice", port: "7001");

        await before.ExpectClosedByNodeAsync();
        await after.SayAsync("back");
        await node.ExpectMessageAsync(from: "alice", text: "back"); // and nothing before it
        Assert.Single(await node.PeersAsync());
    }

    [Fact]
    public async Task A_second_join_on_a_member_connection_changes_nothing()
    {
        var node = await StartNodeAsync("n");
        var alice = await JoinRawPeerAsync(node, "alice", port: "7001");
        await node.ExpectPeerJoinedAsync("alice");

        await alice.SendAsync(RawFrames.Join("eve", port: "7002"));
        await alice.SayAsync("after the second join");
        await alice.SendAsync(RawFrames.Who);

        // Written in order: a reply to the second join would come before the who-reply.
        Assert.Equal("who-reply", (await alice.ReadFrameAsync()).GetProperty("type").GetString());
        var message = await node.ExpectMessageAsync(text: "after the second join");
        Assert.Equal("alice", message.From.Name);
        Assert.Equal(["alice"], (await node.PeersAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task A_member_flooding_who_without_reading_gets_every_reply_in_order_while_others_are_served()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.outbound-high-water = 16 KiB");
        var flooder = await JoinRawPeerAsync(node, "flooder", port: "7001");
        var other = await JoinRawPeerAsync(node, "other", port: "7002");
        await node.ExpectPeerJoinedAsync("other");
        flooder.PauseReading();

        const int whos = 20_000;
        var flood = flooder.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(RawFrames.Who + "\n", whos))));

        // The flooder reads nothing; the node answers it only as far as the mark, and serves the rest.
        await other.SayAsync("still heard");
        await node.ExpectMessageAsync(from: "other", text: "still heard");
        Assert.Single(await other.WhoAsync());
        node.Say("still sent");
        await other.ExpectFrameAsync("message");

        flooder.ResumeReading();
        for (var i = 0; i < whos; i++) await flooder.ExpectFrameAsync("who-reply");
        await flood;
        await flooder.SayAsync("done");
        await node.ExpectMessageAsync(from: "flooder", text: "done");
    }

    [Fact]
    public async Task A_burst_of_300_dialers_with_the_default_limits_all_join()
    {
        var node = await StartNodeAsync("n");
        const int dialers = 300;

        var peers = await Task.WhenAll(Enumerable.Range(0, dialers).Select(i => JoinRawPeerAsync(node, $"p{i}", port: (20000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(dialers, (await node.PeersAsync()).Count);
        Assert.Equal(dialers - 1, (await peers[0].WhoAsync()).Count);
    }

    [Fact]
    public async Task Connections_past_max_peers_are_refused_with_one_warning_naming_the_limit()
    {
        var node = await StartNodeAsync("n", "peerchat.limits.max-peers = 1");
        await JoinRawPeerAsync(node, "one", port: "7001");
        await node.ExpectPeerJoinedAsync("one");

        var log = CreateTestProbe(node.System);
        node.System.EventStream.Subscribe(log.Ref, typeof(Akka.Event.Warning));

        await ExpectRefusedAsync(node.Port);
        await ExpectRefusedAsync(node.Port); // within the report interval: counted, not logged again

        var warning = await log.ExpectMsgAsync<Akka.Event.Warning>();
        Assert.Contains("peerchat.limits.max-peers = 1", warning.ToString());
        Assert.Equal(1, (await node.Node.Ask<NodeStatus>(GetStatus.Instance)).Connections); // the answer comes after any second warning would
        Assert.False(log.HasMessages, "a second refusal within the report interval was logged again");
    }

    /// <summary>Connects and expects the node to close the connection without a word.</summary>
    private static async Task ExpectRefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            Assert.Equal(0, await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // reset, even before the connect returned: refused just the same
        }
    }
}
