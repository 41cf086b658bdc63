using System.Globalization;
using System.Net;
using Akka.Actor;
using PeerChat.Testing;

namespace PeerChat.Node.Tests;

/// <summary>
/// <c>/nick</c> over real sockets: the protocol has no rename, so the node says leave to every member
/// and joins each again under the new name. Peers see a leave and then a join.
/// </summary>
public sealed class RenameTests : PeerChatTestKit
{
    [Fact]
    public async Task A_rename_is_seen_by_a_peer_as_a_leave_then_a_join_under_the_new_name()
    {
        var node = await StartNodeAsync("alice");
        var listener = ListenRawPeer();
        var bob = await JoinRawPeerAsync(node, "bob", port: listener.Port.ToString(CultureInfo.InvariantCulture));
        await node.ExpectPeerJoinedAsync("bob");

        node.Node.Tell(new ChangeName("alicia"));

        await bob.ExpectFrameAsync("leave");
        await bob.ExpectClosedByNodeAsync();
        var again = await listener.AcceptAsync();
        var join = await again.AnswerJoinAsync("bob", listener.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("alicia", join.GetProperty("name").GetString());
        Assert.Equal(new NameChanged("alice", "alicia", 1, 0), await node.ExpectEventAsync<NameChanged>());
        await node.ExpectPeerJoinedAsync("bob");
    }

    [Fact]
    public async Task A_line_sent_right_after_a_rename_reaches_the_members_under_the_new_name()
    {
        var (a, b) = await StartMeshAsync("a", "b");

        a.Node.Tell(new ChangeName("ann"));
        a.Say("first line as ann");

        // leave, or replaced when the new join reaches b before b has handled the old connection's leave
        Assert.Contains((await b.ExpectPeerLeftAsync("a")).Reason, new[] { LeaveReason.Leave, LeaveReason.Replaced });
        await b.ExpectPeerJoinedAsync("ann");
        await b.ExpectMessageAsync(from: "ann", text: "first line as ann");
    }

    [Fact]
    public async Task A_node_renamed_answers_a_new_peer_under_its_new_name()
    {
        var node = await StartNodeAsync("alice");
        node.Node.Tell(new ChangeName("alicia"));
        await node.ExpectEventAsync<NameChanged>(e => e.NewName == "alicia");

        var raw = await RawPeer.ConnectAsync(node);
        await using var _ = raw;
        var reply = await raw.SendJoinAsync("carol", port: "7003");

        Assert.Equal("alicia", reply.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_name_peers_would_cut_is_refused_and_the_node_keeps_its_name()
    {
        var node = await StartNodeAsync("alice", "peerchat.limits.max-name-length = 8");
        var bob = await JoinRawPeerAsync(node, "bob");
        await node.ExpectPeerJoinedAsync("bob");

        var refused = await node.Node.Ask<NameRefused>(new ChangeName("much-too-long"), TimeSpan.FromSeconds(5));

        Assert.Contains("at most 8 characters", refused.Reason);
        await bob.ExpectNoFrameAsync(TimeSpan.FromMilliseconds(300), "leave");
        Assert.Equal(["bob"], (await node.PeersAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task A_blank_name_is_refused()
    {
        var node = await StartNodeAsync("alice");

        var refused = await node.Node.Ask<NameRefused>(new ChangeName("   "), TimeSpan.FromSeconds(5));

        Assert.Equal("a name cannot be empty", refused.Reason);
    }
}

/// <summary>The table's rule of a rename, on the pure table.</summary>
public sealed class RejoinRuleTests
{
    [Fact]
    public void Leaving_to_rejoin_says_leave_everywhere_and_lists_every_member_with_a_port_but_announces_no_departure()
    {
        var us = IPAddress.Parse("10.0.0.100");
        var t = PeerTable<string>.Empty(new TableLimits(100, 10, 4), IPAddress.Any, 5000);
        (t, _) = t.Accept("bob");
        (t, _) = t.Admit(new Candidate<string>("bob", new PeerInfo("bob", "30", "1", "10.0.0.1", 5001),
            PeerIdentity.Of(IPAddress.Parse("10.0.0.1"), 5001), PeerIdentity.Of(us, 5000), false));
        (t, _) = t.Accept("portless");
        (t, _) = t.Admit(new Candidate<string>("portless", new PeerInfo("p", "0", "0", "10.0.0.9", null),
            new PeerIdentity(IPAddress.Parse("10.0.0.9"), 40123, false), PeerIdentity.Of(us, 5000), false));
        (t, _) = t.Dial(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5002), listed: false);

        var (after, outcome, rejoin) = t.LeaveToRejoin();

        Assert.Equal(["bob", "portless"], outcome.SayLeave.Order());
        Assert.Empty(outcome.Events);
        Assert.Equal(["10.0.0.1:5001", "10.0.0.2:5002"], rejoin.Targets.Select(e => e.ToString()).Order());
        Assert.Equal(1, rejoin.Unreachable);
        Assert.Equal(0, after.Sockets);
    }
}
