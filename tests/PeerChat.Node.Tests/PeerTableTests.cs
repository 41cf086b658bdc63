using System.Net;
using PeerChat.Protocol;

namespace PeerChat.Node.Tests;

/// <summary>
/// The membership rules of protocol-profile.md, one per test, on the pure table: connections are
/// strings, so no actor or socket is involved. The node applies exactly these outcomes.
/// </summary>
public sealed class PeerTableTests
{
    private static readonly IPAddress Us = IPAddress.Parse("10.0.0.100");
    private const int OurPort = 5000;

    private static PeerTable<string> Table(int maxPeers = 100, int maxPendingJoins = 10, int maxDials = 4) =>
        PeerTable<string>.Empty(new TableLimits(maxPeers, maxPendingJoins, maxDials), IPAddress.Any, OurPort);

    private static Candidate<string> Hello(string conn, string ip, int port, string name, bool outbound = false) =>
        new(conn, new PeerInfo(name, "30", "12345", ip, port), PeerIdentity.Of(IPAddress.Parse(ip), port), PeerIdentity.Of(Us, OurPort), outbound);

    /// <summary>Accepts <paramref name="conn"/> and completes its handshake as <paramref name="name"/>.</summary>
    private static (PeerTable<string>, Outcome<string>) Joined(PeerTable<string> t, string conn, string ip, int port, string name)
    {
        (t, _) = t.Accept(conn);
        return t.Admit(Hello(conn, ip, port, name));
    }

    private static IPEndPoint At(string ip, int port) => new(IPAddress.Parse(ip), port);

    [Fact]
    public void A_first_join_is_admitted_and_shown()
    {
        var (t, o) = Joined(Table(), "c1", "10.0.0.1", 5001, "alice");

        Assert.Equal(Verdict.Joined, o.Verdict);
        Assert.Equal(["c1"], o.Admit);
        Assert.Equal([new PeerJoined(new PeerInfo("alice", "30", "12345", "10.0.0.1", 5001))], o.Events);
        Assert.Equal(1, t.MemberCount);
    }

    [Fact]
    public void Who_reply_lists_everyone_but_the_asker()
    {
        var t = Table();
        (t, _) = Joined(t, "a", "10.0.0.1", 5000, "a");
        (t, _) = Joined(t, "b", "10.0.0.2", 5000, "b");
        (t, _) = Joined(t, "c", "10.0.0.3", 6000, "c");

        Assert.Equal([new PeerAddress("10.0.0.2", 5000), new PeerAddress("10.0.0.3", 6000)], t.WhoFor("a").OrderBy(p => p.Ip));
    }

    [Fact]
    public void A_peer_without_a_valid_port_is_never_advertised()
    {
        var t = Table();
        (t, _) = Joined(t, "asker", "10.0.0.1", 5000, "asker");
        (t, _) = t.Accept("portless");
        (t, _) = t.Admit(new Candidate<string>("portless", new PeerInfo("p", "0", "00000", "10.0.0.9", null),
            new PeerIdentity(IPAddress.Parse("10.0.0.9"), 40123, false), PeerIdentity.Of(Us, OurPort), false));

        Assert.Empty(t.WhoFor("asker"));
        Assert.Equal(2, t.MemberCount);
    }

    [Fact]
    public void Accept_parks_past_max_pending_joins_and_refuses_only_past_max_peers()
    {
        var t = Table(maxPeers: 3, maxPendingJoins: 1);
        (t, var first) = t.Accept("c1");
        (t, var second) = t.Accept("c2");
        (t, var third) = t.Accept("c3");
        (t, var fourth) = t.Accept("c4");

        Assert.Equal(Verdict.Handshake, first.Verdict);
        Assert.Equal(["c1"], first.StartHandshake);
        Assert.Equal(Verdict.Parked, second.Verdict);
        Assert.Equal(Verdict.Parked, third.Verdict);
        Assert.Equal(Verdict.Refused, fourth.Verdict);
        Assert.Equal(["c4"], fourth.Close);
        Assert.Equal(2, t.ParkedCount);
    }

    [Fact]
    public void Parked_connections_get_the_handshake_slot_in_arrival_order()
    {
        var t = Table(maxPendingJoins: 1);
        (t, _) = t.Accept("c1");
        (t, _) = t.Accept("c2");
        (t, _) = t.Accept("c3");

        (t, var admitted) = t.Admit(Hello("c1", "10.0.0.1", 5001, "one"));
        (t, var gone) = t.Gone("c2", LeaveReason.Disconnected); // c2 held the slot and dropped before joining

        Assert.Equal(["c2"], admitted.StartHandshake);
        Assert.Equal(["c3"], gone.StartHandshake);
        Assert.Equal(0, t.ParkedCount);
    }

    [Fact]
    public void A_parked_connection_that_times_out_leaves_the_queue_without_taking_a_slot()
    {
        var t = Table(maxPendingJoins: 1);
        (t, _) = t.Accept("c1");
        (t, _) = t.Accept("c2");
        (t, var gone) = t.Gone("c2", LeaveReason.Disconnected);

        Assert.Empty(gone.StartHandshake);
        Assert.Equal(0, t.ParkedCount);
        Assert.Equal(1, t.HandshakeCount);
    }

    [Fact]
    public void The_same_peer_rejoining_the_same_way_takes_over_quietly()
    {
        var t = Table();
        (t, _) = Joined(t, "old", "10.0.0.1", 5001, "alice");
        (t, var o) = Joined(t, "new", "10.0.0.1", 5001, "alice");

        Assert.Equal(Verdict.Reconnected, o.Verdict);
        Assert.Equal(["old"], o.Close);
        Assert.Equal(["new"], o.Admit);
        Assert.Empty(o.Events);
        Assert.Equal("new", t.ByConnection("new")!.Conn);
        Assert.Null(t.ByConnection("old"));
    }

    [Fact]
    public void Admit_of_a_known_address_under_a_new_name_is_a_departure_then_a_join()
    {
        var t = Table();
        (t, _) = Joined(t, "old", "10.0.0.1", 5001, "alice");
        (t, var o) = Joined(t, "new", "10.0.0.1", 5001, "mallory");

        Assert.Equal(Verdict.Replaced, o.Verdict);
        Assert.Equal(["old"], o.Close);
        Assert.Equal(
            [new PeerLeft(new PeerInfo("alice", "30", "12345", "10.0.0.1", 5001), LeaveReason.Replaced), new PeerJoined(new PeerInfo("mallory", "30", "12345", "10.0.0.1", 5001))],
            o.Events);
        Assert.Equal(["mallory"], t.List().Select(p => p.Name));
    }

    [Fact]
    public void The_old_connection_of_a_replaced_member_going_away_changes_nothing()
    {
        var t = Table();
        (t, _) = Joined(t, "old", "10.0.0.1", 5001, "alice");
        (t, _) = Joined(t, "new", "10.0.0.1", 5001, "mallory");
        (t, var o) = t.Gone("old", LeaveReason.Disconnected);

        Assert.Equal(Verdict.NotMember, o.Verdict);
        Assert.Empty(o.Events);
        Assert.Equal(1, t.MemberCount);
    }

    [Theory]
    [InlineData("10.0.0.1", true)]  // the peer's identity is smaller: the connection it opened stays
    [InlineData("10.0.0.200", false)] // ours is smaller: the one we opened stays
    public void Both_ends_keep_the_connection_opened_by_the_smaller_identity(string peerIp, bool inboundWins)
    {
        var t = Table();
        (t, _) = t.Dial(At(peerIp, 5001), listed: true);
        t = t.Dialled(At(peerIp, 5001), "ours");
        (t, _) = t.Admit(Hello("ours", peerIp, 5001, "p", outbound: true));
        (t, _) = t.Accept("theirs");
        (t, var o) = t.Admit(Hello("theirs", peerIp, 5001, "p", outbound: false));

        Assert.Equal(inboundWins ? Verdict.KeptNew : Verdict.KeptExisting, o.Verdict);
        Assert.Equal(inboundWins ? ["ours"] : ["theirs"], o.Retire); // read to its end, not aborted
        Assert.Empty(o.Close);
        Assert.Empty(o.Events);
        Assert.Equal(inboundWins ? "theirs" : "ours", t.Members.Single().Conn);
    }

    [Fact]
    public void Joining_ourselves_is_rejected_and_said_when_we_dialled()
    {
        var t = Table();
        (t, _) = t.Dial(At("10.0.0.100", 5000), listed: false); // not known as ours until a socket says so
        t = t.Dialled(At("10.0.0.100", 5000), "loop");
        (t, var o) = t.Admit(Hello("loop", "10.0.0.100", OurPort, "me", outbound: true));

        Assert.Equal(Verdict.Rejected, o.Verdict);
        Assert.Equal(["loop"], o.Close);
        Assert.IsType<JoinFailed>(Assert.Single(o.Events));
        Assert.Equal(0, t.MemberCount);
    }

    [Fact]
    public void Dialling_a_member_says_so_at_once_and_opens_nothing()
    {
        var t = Table();
        (t, _) = Joined(t, "c1", "10.0.0.1", 5001, "alice");
        (_, var o) = t.Dial(At("10.0.0.1", 5001), listed: false);

        Assert.Equal(Verdict.AlreadyMember, o.Verdict);
        Assert.Empty(o.Dial);
        Assert.Equal([new AlreadyMember(t.Members[0].Info)], o.Events);
    }

    [Fact]
    public void Dialling_our_own_address_is_an_error_at_once()
    {
        var (_, o) = Table().Dial(At("127.0.0.1", OurPort), listed: false);

        Assert.Equal(Verdict.IsSelf, o.Verdict);
        Assert.IsType<JoinFailed>(Assert.Single(o.Events));
    }

    [Fact]
    public void Listed_peers_that_are_members_dialled_or_ourselves_are_skipped_silently()
    {
        var t = Table();
        (t, _) = Joined(t, "c1", "10.0.0.1", 5001, "alice");
        (t, _) = t.Dial(At("10.0.0.2", 5001), listed: true);

        foreach (var target in new[] { At("10.0.0.1", 5001), At("10.0.0.2", 5001), At("127.0.0.1", OurPort) })
        {
            var (_, o) = t.Dial(target, listed: true);
            Assert.Empty(o.Dial);
            Assert.Empty(o.Events);
        }
    }

    [Fact]
    public void Dials_past_max_concurrent_dials_wait_and_start_as_others_end()
    {
        var t = Table(maxDials: 1);
        (t, var first) = t.Dial(At("10.0.0.1", 5001), listed: true);
        t = t.Dialled(At("10.0.0.1", 5001), "d1");
        (t, var second) = t.Dial(At("10.0.0.2", 5001), listed: true);
        (t, var ended) = t.Gone("d1", LeaveReason.Disconnected);

        Assert.Equal(Verdict.Dialling, first.Verdict);
        Assert.Equal(Verdict.Queued, second.Verdict);
        Assert.Equal([At("10.0.0.2", 5001)], ended.Dial);
        Assert.Equal(At("10.0.0.1", 5001), ended.EndedDial);
    }

    [Fact]
    public void A_dial_past_max_peers_fails_with_the_limit_named()
    {
        var t = Table(maxPeers: 1);
        (t, _) = Joined(t, "c1", "10.0.0.1", 5001, "alice");
        (_, var o) = t.Dial(At("10.0.0.2", 5001), listed: false);

        Assert.Equal(Verdict.Full, o.Verdict);
        Assert.Contains("max-peers", Assert.IsType<JoinFailed>(Assert.Single(o.Events)).Reason);
    }

    [Fact]
    public void Listed_dials_past_max_peers_are_left_to_the_caller_to_sum_up()
    {
        var t = Table(maxPeers: 1);
        (t, _) = Joined(t, "c1", "10.0.0.1", 5001, "alice");
        (_, var o) = t.Dial(At("10.0.0.2", 5001), listed: true);

        Assert.Equal(Verdict.Full, o.Verdict);
        Assert.Empty(o.Events);
    }

    [Fact]
    public void A_member_that_drops_while_our_dial_to_it_runs_waits_in_limbo_and_comes_back_without_news()
    {
        var t = Table();
        (t, _) = Joined(t, "in", "10.0.0.1", 5001, "alice");
        (t, _) = t.Dial(At("10.0.0.1", 5001), listed: true); // a member: nothing to dial
        // the mesh-repair race: a dial opened before its inbound join was known
        t = Table();
        (t, _) = t.Dial(At("10.0.0.1", 5001), listed: true);
        t = t.Dialled(At("10.0.0.1", 5001), "out");
        (t, _) = Joined(t, "in", "10.0.0.1", 5001, "alice");

        (t, var dropped) = t.Gone("in", LeaveReason.Disconnected);
        (t, var back) = t.Admit(Hello("out", "10.0.0.1", 5001, "alice", outbound: true));

        Assert.Equal((Verdict.Suspended, Verdict.Resumed), (dropped.Verdict, back.Verdict));
        Assert.Empty(dropped.Events.Concat(back.Events));
        Assert.Equal("out", t.Members.Single().Conn);
    }

    [Fact]
    public void A_member_in_limbo_whose_dial_fails_has_left()
    {
        var t = Table();
        (t, _) = t.Dial(At("10.0.0.1", 5001), listed: true);
        t = t.Dialled(At("10.0.0.1", 5001), "out");
        (t, _) = Joined(t, "in", "10.0.0.1", 5001, "alice");
        (t, _) = t.Gone("in", LeaveReason.Disconnected);
        (t, var o) = t.Gone("out", LeaveReason.Disconnected);

        Assert.Equal(Verdict.Left, o.Verdict);
        Assert.Equal(LeaveReason.Disconnected, Assert.IsType<PeerLeft>(Assert.Single(o.Events)).Reason);
        Assert.Equal(0, t.MemberCount);
    }

    [Fact]
    public void A_member_that_says_leave_has_left_even_while_a_dial_to_it_runs()
    {
        var t = Table();
        (t, _) = t.Dial(At("10.0.0.1", 5001), listed: true);
        t = t.Dialled(At("10.0.0.1", 5001), "out");
        (t, _) = Joined(t, "in", "10.0.0.1", 5001, "alice");
        (_, var o) = t.Gone("in", LeaveReason.Leave);

        Assert.Equal(LeaveReason.Leave, Assert.IsType<PeerLeft>(Assert.Single(o.Events)).Reason);
    }

    [Fact]
    public void A_connection_that_ends_twice_is_shown_leaving_once()
    {
        var t = Table();
        (t, _) = Joined(t, "c1", "10.0.0.1", 5001, "alice");
        (t, var said) = t.Gone("c1", LeaveReason.Leave);
        (_, var closed) = t.Gone("c1", LeaveReason.Disconnected);

        Assert.Single(said.Events);
        Assert.Empty(closed.Events);
    }

    [Fact]
    public void Leaving_says_leave_on_every_socket_and_empties_the_table()
    {
        var t = Table(maxPendingJoins: 1);
        (t, _) = Joined(t, "m", "10.0.0.1", 5001, "alice");
        (t, _) = t.Accept("handshaking");
        (t, _) = t.Accept("parked");
        (t, _) = t.Dial(At("10.0.0.2", 5001), listed: true);
        t = t.Dialled(At("10.0.0.2", 5001), "dial");

        (t, var o) = t.LeaveAll();

        Assert.Equal(["dial", "handshaking", "m", "parked"], o.SayLeave.Order());
        Assert.Equal([new LeftNetwork(1)], o.Events);
        Assert.Equal(0, t.Sockets);
    }

    [Fact]
    public void The_member_list_follows_every_change_of_the_table()
    {
        var t = Table();
        (t, _) = Joined(t, "a", "10.0.0.1", 5001, "a");
        Assert.Single(t.Members); // read once: a table caches its list
        (t, _) = Joined(t, "b", "10.0.0.2", 5001, "b");
        Assert.Equal(2, t.Members.Count);
        (t, _) = t.Gone("a", LeaveReason.Leave);
        Assert.Equal(["b"], t.Members.Select(m => m.Conn));
    }
}
