using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using PeerChat.Protocol;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

// Reading, closing and the small things every state shares (writing: PeerConnection.Writing.cs).
internal sealed partial class PeerConnection
{
    /// <summary>
    /// The lines of the handshake's reads: everything before the awaited join (or join-reply) is
    /// ignored, as the profile says; what follows it in the same read is held for the member state.
    /// </summary>
    private sealed class HandshakeRead(bool awaitJoin) : ILineSink
    {
        public (string Name, string Age, string Zip, int? Port)? Found { get; private set; }

        public List<PeerMessage> Held { get; } = [];

        public void OnLine(ReadOnlySpan<byte> line)
        {
            if (!PeerCodec.TryDecode(line, out var frame)) return;
            if (Found is not null) Held.Add(frame);
            else if (awaitJoin && frame is Join j) Found = (j.Name, j.Age, j.Zip, j.Port);
            else if (!awaitJoin && frame is JoinReply r) Found = (r.Name, r.Age, r.Zip, r.Port);
        }
    }

    /// <summary>A member's reads: plain chat lines, the common case, go straight to the batch with no frame record.</summary>
    private sealed class MemberRead(PeerConnection connection, Link link, PeerInfo peer, ImmutableList<IActorRef> askers) : ILineSink
    {
        public Link Link { get; } = link;
        public PeerInfo Peer { get; } = peer;
        /// <summary>Who asked for the who-reply we are waiting for (empty: we asked nothing).</summary>
        public ImmutableList<IActorRef> Askers { get; set; } = askers;
        /// <summary>The peer said leave: the rest of the read does not count.</summary>
        public bool Left { get; set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void OnLine(ReadOnlySpan<byte> line)
        {
            if (Left) return;
            if (PeerCodec.TryReadPlainMessage(line, out var text)) connection._chat.AddPlain(text);
            else if (PeerCodec.TryDecode(line, out var frame)) OnFrame(frame);
        }

        public void OnFrame(PeerMessage frame) => connection.OnMemberFrame(this, frame);
    }

    // ── Reading ──────────────────────────────────────────────────────────────────────────────────

    private void Pull(Link link)
    {
        _gate = _gate with { Holding = false, Pulled = true };
        link.Tcp.Tell(Tcp.ResumeReading.Instance);
    }

    /// <summary>Pulls the next read if the gate is open; called by everything that can open it.</summary>
    private void MaybePull(Link link)
    {
        if (_gate.MayPull) Pull(link);
    }

    private void MaybeAskWho()
    {
        if (!_gate.MayAskWho) return;
        _gate = _gate with { WhoAsked = true };
        _node.Tell(WhoAsked.Instance);
    }

    /// <summary>One event for all the chat lines of a read, not one per line.</summary>
    private void PublishChat(PeerInfo peer)
    {
        if (_chat.Count == 0) return;
        _published++;
        // Exact-size copies: a few small arrays per read, and the builder's room is kept for the next.
        var batch = new MessagesReceived(peer, _chat.Take());
        if (_gate.Window > 0)
        {
            batch = batch with { ConfirmTo = Self, SeqNr = _published };
            _gate = _gate with { Unconfirmed = _gate.Unconfirmed + 1 };
        }
        Context.System.EventStream.Publish(batch);
    }

    private void Drop(Link link, string why)
    {
        _log.Info("dropping {0}: {1}", link.Label, why);
        _node.Tell(new Stalled(why));
        Abort(link);
    }

    // ── Closing ──────────────────────────────────────────────────────────────────────────────────

    private void SayLeaveAndClose(Link link)
    {
        Write(link, PeerCodec.EncodeLine(Leave.Instance));
        Close(link);
    }

    /// <summary>Write what is held, then close (Akka.IO sends every write first); stop once the socket says so (or the quit timeout passes).</summary>
    private void Close(Link link)
    {
        WriteRemaining(link);
        link.Tcp.Tell(Tcp.Close.Instance);
        Timers.CancelAll();
        Timers.StartSingleTimer(StepTimer, new TimedOut("close"), _settings.QuitTimeout);
        Become(Closing());
    }

    /// <summary>
    /// Retires a duplicate (<see cref="Retire"/>): what is queued still goes out, then our side
    /// closes; reading goes on, so whatever the peer sent on it before it settled the pair is published.
    /// </summary>
    private void StartRetiring(MemberRead member)
    {
        PublishChat(member.Peer);
        if (member.Left) return; // it said leave meanwhile, and is closing already
        var link = member.Link;
        WriteRemaining(link);
        link.Tcp.Tell(Tcp.ConfirmedClose.Instance); // Akka.IO sends every write before it first
        Timers.CancelAll();
        Timers.StartSingleTimer(StepTimer, new TimedOut("retire"), _settings.QuitTimeout);
        // We write nothing more: our backlog no longer holds back reading here, nor the node's senders.
        if (_gate.OverHighWater) _node.Tell(new Backlogged(false));
        _gate = _gate with { Holding = false, OverHighWater = false };
        Become(Retiring(member));
        MaybeAskWho(); // one held back by our backlog would otherwise keep the gate shut
        MaybePull(link);
    }

    private Receive Retiring(MemberRead member) => message =>
    {
        var link = member.Link;
        switch (message)
        {
            case Tcp.Received received:
                _gate = _gate with { Pulled = false };
                _framer.Feed(received.Data.ToReadOnlySpan(), member);
                if (member.Left) return true;
                PublishChat(member.Peer);
                MaybePull(link);
                return true;
            case AnswerWho: // a who of before the peer chose: our side is shut, it asks again on the kept one
                _gate = _gate with { WhoOwed = _gate.WhoOwed - 1, WhoAsked = false };
                MaybeAskWho();
                MaybePull(link);
                return true;
            case Confirmed confirmed:
                _gate = _gate with { Unconfirmed = Math.Min(_gate.Unconfirmed, _published - confirmed.UpTo) };
                MaybePull(link);
                return true;
            case Tcp.ConnectionClosed:
                Stop();
                return true;
            case TimedOut:
                Abort(link);
                return true;
            default:
                return true; // write acks, late commands: it carries nothing more from us
        }
    };

    private Receive Closing() => message =>
    {
        if (message is Tcp.ConnectionClosed or TimedOut) Stop();
        return true; // reads after leave, late commands, acks: the connection is going
    };

    private void Abort(Link link)
    {
        link.Tcp.Tell(Tcp.Abort.Instance);
        Stop();
    }

    private void FailDial(Link link, IPEndPoint target, string reason)
    {
        _node.Tell(new DialFailed(target, reason));
        Abort(link);
    }

    private void Stop() => Context.Stop(Self);

    private static bool Then(Action action)
    {
        action();
        return true;
    }

    // ── Small things ─────────────────────────────────────────────────────────────────────────────

    private string ConnectFailure(Tcp.CommandFailed failed)
    {
        var cause = failed.Cause.HasValue ? failed.Cause.Value.Message : "";
        return cause.Contains("finishConnect", StringComparison.OrdinalIgnoreCase) || cause.Contains("refused", StringComparison.OrdinalIgnoreCase)
            ? "connection refused (is a node listening there?)"
            : cause.Contains("timeout", StringComparison.OrdinalIgnoreCase) || cause.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                ? $"no answer within {Seconds(_settings.ConnectTimeout)}"
                : $"cannot connect{(cause.Length > 0 ? $": {cause}" : "")}";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";

    /// <summary>Cuts to at most <paramref name="max"/> chars without splitting a surrogate pair.</summary>
    private static string Truncate(string s, int max) =>
        char.IsHighSurrogate(s[max - 1]) ? s[..(max - 1)] : s[..max];
}
