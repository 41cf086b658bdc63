using System.Collections.Immutable;
using System.Net;

namespace PeerChat.Node;

// The rules of membership (protocol-profile.md, "Building the mesh" and "Membership under pressure"),
// one function per thing that can happen to a connection.
internal sealed partial record PeerTable<TConn>
{
    /// <summary>
    /// A peer connected to us. It gets a handshake slot if one of max-pending-joins is free, else it is
    /// parked (accepted, nothing read) until one is. Only past max-peers sockets is it refused.
    /// </summary>
    public (PeerTable<TConn>, Outcome<TConn>) Accept(TConn conn)
    {
        if (Sockets >= Limits.MaxPeers) return (this, new(Verdict.Refused) { Close = [conn] });
        if (Handshakes.Count < Limits.MaxPendingJoins)
            return (this with { Handshakes = Handshakes.Add(conn) }, new(Verdict.Handshake) { StartHandshake = [conn] });
        return (this with { ParkedQueue = ParkedQueue.Add(conn) }, new(Verdict.Parked));
    }

    /// <summary>
    /// Join the peer at <paramref name="target"/>. A <paramref name="listed"/> dial (a who-reply named
    /// it) is skipped silently when there is nothing to do or no room (the caller sums those up); a
    /// dial the user asked for always says why.
    /// </summary>
    public (PeerTable<TConn>, Outcome<TConn>) Dial(IPEndPoint target, bool listed)
    {
        target = new IPEndPoint(Addresses.Normalize(target.Address), target.Port);
        var label = PeerIdentity.Of(target.Address, target.Port).ToString();
        if (IsSelf(target.Address, target.Port))
            return (this, new(Verdict.IsSelf) { Events = listed ? [] : [new JoinFailed(label, "that is this node's own address")] });
        if (ByIdentityOf(PeerIdentity.Of(target.Address, target.Port)) is { } member)
            return (this, new(Verdict.AlreadyMember) { Member = member, Events = listed ? [] : [new AlreadyMember(member.Info)] });
        if (Dials.ContainsKey(target) || DialQueue.Contains(target)) return (this, new(Verdict.AlreadyDialling));
        if (Sockets + DialQueue.Count >= Limits.MaxPeers)
            return (this, new(Verdict.Full) { Events = listed ? [] : [new JoinFailed(label, FullReason)] });
        if (Dials.Count >= Limits.MaxConcurrentDials) return (this with { DialQueue = DialQueue.Add(target) }, new(Verdict.Queued));
        return (this with { Dials = Dials.Add(target, null) }, new(Verdict.Dialling) { Dial = [target] });
    }

    /// <summary>The node opened <paramref name="conn"/> for a dial the table asked for.</summary>
    public PeerTable<TConn> Dialled(IPEndPoint target, TConn conn) =>
        Dials.ContainsKey(target) ? this with { Dials = Dials.SetItem(target, conn) } : this;

    /// <summary>
    /// A handshake completed (join in, or join-reply to our join): decide whether the connection
    /// becomes the member's one connection.
    /// </summary>
    public (PeerTable<TConn>, Outcome<TConn>) Admit(Candidate<TConn> c)
    {
        var (t, freed) = EndHandshake(c.Conn);
        t = t with { OwnAddresses = t.OwnAddresses.Add(c.Self.Ip) };
        // A member in limbo comes back through this connection, or its dial found someone else.
        Entry<TConn>? resumed = null;
        if (t.Limbo.TryGetValue(c.Conn, out var waited))
        {
            t = t with { Limbo = t.Limbo.Remove(c.Conn) };
            if (waited.Identity == c.Peer) resumed = waited;
            else freed = freed.And(new Outcome<TConn>(Verdict.Left) { Events = [new PeerLeft(waited.Info, LeaveReason.Disconnected)] });
        }
        foreach (var (dial, member) in t.Limbo)
            if (member.Identity == c.Peer)
            {
                t = t with { Limbo = t.Limbo.Remove(dial) };
                resumed = member;
                break;
            }
        var entry = new Entry<TConn>(c.Info, c.Peer, c.Conn, c.Outbound);

        if (c.Peer == c.Self)
            return (t, new Outcome<TConn>(Verdict.Rejected)
            {
                Close = [c.Conn],
                Events = c.Outbound ? [new JoinFailed(c.Peer.ToString(), "that is this node's own address")] : [],
            }.And(freed));

        if (t.ByIdentityOf(c.Peer) is { } existing)
        {
            if (!SameProfile(existing.Info, c.Info))
                // Another peer process took this address (restarted under another name): the user sees the swap.
                return (t.Put(entry, replacing: existing), new Outcome<TConn>(Verdict.Replaced)
                {
                    Close = [existing.Conn],
                    Events = [new PeerLeft(existing.Info, LeaveReason.Replaced), new PeerJoined(c.Info)],
                    Admit = [c.Conn],
                    Member = entry,
                }.And(freed));
            if (existing.Outbound == c.Outbound)
                // The same peer came back the same way (a restart before its old connection timed out).
                return (t.Put(entry, replacing: existing), new Outcome<TConn>(Verdict.Reconnected)
                { Close = [existing.Conn], Admit = [c.Conn], Member = entry }.And(freed));
            // Two connections between one pair (simultaneous joins): both ends keep the one opened by
            // the side with the smaller identity, computed alike on each end; the other is retired
            // quietly. Each end may have chatted on the other one before it got here, so it is read to its end.
            var keepOurs = c.Self.CompareTo(c.Peer) < 0;
            if (c.Outbound == keepOurs)
                return (t.Put(entry, replacing: existing), new Outcome<TConn>(Verdict.KeptNew)
                { Retire = [existing.Conn], Admit = [c.Conn], Member = entry }.And(freed));
            return (t, new Outcome<TConn>(Verdict.KeptExisting) { Retire = [c.Conn], Member = existing }.And(freed));
        }

        // Back before anyone was told it left: the same membership, no news.
        if (resumed is not null && SameProfile(resumed.Info, c.Info))
            return (t.Put(entry, replacing: null), new Outcome<TConn>(Verdict.Resumed) { Admit = [c.Conn], Member = entry }.And(freed));
        IReadOnlyList<ChatEvent> events = resumed is null
            ? [new PeerJoined(c.Info)]
            : [new PeerLeft(resumed.Info, LeaveReason.Disconnected), new PeerJoined(c.Info)];
        return (t.Put(entry, replacing: null), new Outcome<TConn>(Verdict.Joined) { Events = events, Admit = [c.Conn], Member = entry }.And(freed));
    }

    /// <summary>
    /// The connection is gone (its peer said leave, stalled, or the socket closed): remove it wherever
    /// it was. A member whose own dial to it is under way waits in limbo for that dial instead.
    /// </summary>
    public (PeerTable<TConn>, Outcome<TConn>) Gone(TConn conn, LeaveReason why)
    {
        var (t, freed) = EndHandshake(conn);
        var outcome = new Outcome<TConn>(Verdict.NotMember);
        if (t.Limbo.TryGetValue(conn, out var waited))
        {
            // The dial that could have resumed it failed: now it has left.
            t = t with { Limbo = t.Limbo.Remove(conn) };
            outcome = new Outcome<TConn>(Verdict.Left) { Events = [new PeerLeft(waited.Info, LeaveReason.Disconnected)], Member = waited };
        }
        if (t.ByConnection(conn) is { } member)
        {
            t = t with { ByIdentity = t.ByIdentity.Remove(member.Identity), ByConn = t.ByConn.Remove(conn) };
            if (why == LeaveReason.Disconnected && t.DialConnTo(member.Identity) is { } dial)
            {
                t = t with { Limbo = t.Limbo.SetItem(dial, member) };
                outcome = new Outcome<TConn>(Verdict.Suspended) { Member = member };
            }
            else outcome = new Outcome<TConn>(Verdict.Left) { Events = [new PeerLeft(member.Info, why)], Member = member };
        }
        return (t, outcome.And(freed));
    }

    /// <summary>This node leaves: every connection, joined or not, says leave and closes; nothing is left.</summary>
    public (PeerTable<TConn>, Outcome<TConn>) LeaveAll()
    {
        var all = ByConn.Keys.Concat(Handshakes).Concat(ParkedQueue).Concat(Dials.Values.OfType<TConn>()).Distinct().ToArray();
        var empty = Empty(Limits, IPAddress.Any, OwnPort) with { OwnAddresses = OwnAddresses };
        return (empty, new Outcome<TConn>(Verdict.LeftAll) { SayLeave = all, Events = [new LeftNetwork(ByIdentity.Count)] });
    }

    /// <summary>Why a dial was not made: one line for the user, naming the limit.</summary>
    public string FullReason => $"this node already has {Limits.MaxPeers} peer sockets open (peerchat.limits.max-peers)";

    private static bool SameProfile(PeerInfo a, PeerInfo b) => a.Name == b.Name && a.Age == b.Age && a.Zip == b.Zip;

    private PeerTable<TConn> Put(Entry<TConn> entry, Entry<TConn>? replacing)
    {
        var byConn = replacing is null ? ByConn : ByConn.Remove(replacing.Conn);
        return this with { ByIdentity = ByIdentity.SetItem(entry.Identity, entry), ByConn = byConn.SetItem(entry.Conn, entry.Identity) };
    }

    /// <summary>
    /// <paramref name="conn"/> no longer holds a handshake slot, a parking place or a dial: the oldest
    /// parked connection gets the slot, and the next queued dial its place.
    /// </summary>
    private (PeerTable<TConn>, Outcome<TConn>) EndHandshake(TConn conn)
    {
        var t = this with { ParkedQueue = ParkedQueue.Remove(conn) };
        var outcome = new Outcome<TConn>(Verdict.NotMember);
        if (t.Handshakes.Contains(conn))
        {
            t = t with { Handshakes = t.Handshakes.Remove(conn) };
            if (!t.ParkedQueue.IsEmpty)
            {
                var next = t.ParkedQueue[0];
                t = t with { ParkedQueue = t.ParkedQueue.RemoveAt(0), Handshakes = t.Handshakes.Add(next) };
                outcome = outcome with { StartHandshake = [next] };
            }
        }
        if (t.DialTargetOf(conn) is { } target)
        {
            t = t with { Dials = t.Dials.Remove(target) };
            var dials = new List<IPEndPoint>();
            var queue = t.DialQueue;
            while (!queue.IsEmpty && t.Dials.Count + dials.Count < Limits.MaxConcurrentDials)
            {
                var next = queue[0];
                queue = queue.RemoveAt(0);
                if (t.ByIdentity.ContainsKey(PeerIdentity.Of(next.Address, next.Port))) continue; // joined meanwhile
                dials.Add(next);
            }
            t = t with { DialQueue = queue, Dials = t.Dials.AddRange(dials.Select(d => KeyValuePair.Create(d, (TConn?)null))) };
            outcome = outcome with { Dial = dials, EndedDial = target };
        }
        return (t, outcome);
    }
}
