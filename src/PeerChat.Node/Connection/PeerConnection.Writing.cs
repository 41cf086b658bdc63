using Akka.Actor;
using Akka.Event;
using Akka.IO;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node;

// Writing: every write to Akka.IO at once, an ack asked only now and then, a burst held to one batch per ack (Writer).
internal sealed partial class PeerConnection
{
    private sealed class WriteAcked : Tcp.Event
    {
        public static readonly WriteAcked Instance = new();
    }

    private sealed record StallCheck
    {
        public static readonly StallCheck Instance = new();
    }

    private const string StallTimer = "stall";

    /// <summary>An empty write that asks for an ack: Akka.IO acks it in order, once everything before it is in the socket.</summary>
    private static readonly Tcp.Write ConfirmSoFar = Tcp.Write.Create(ByteString.Empty, WriteAcked.Instance);

    /// <summary>A who-reply, as the parts of the node's shared encoding.</summary>
    private void Write(Link link, WhoReplyBytes reply)
    {
        var entries = reply.Entries;
        Write(link, WhoReplies.Prefix, new(entries, 0, reply.HeadEnd), new(entries, reply.TailStart, entries.Length - reply.TailStart), WhoReplies.Suffix);
    }

    /// <summary>
    /// Lines encoded for this connection or by the node, which never changes them: handed to Akka.IO
    /// as they are, or copied into the held batch while a burst waits for its ack.
    /// </summary>
    private void Write(Link link, params ReadOnlySpan<ArraySegment<byte>> parts)
    {
        var count = 0;
        foreach (var part in parts) count += part.Count;
        if (!_writer.Fits(count))
        {
            Drop(link, $"more than {_settings.MaxOutboundBuffer} bytes waiting");
            return;
        }
        var wasOver = _writer.OverHighWater;
        if (_writer.Holding)
        {
            foreach (var part in parts) _writer.Hold(part);
        }
        else
        {
            var bytes = parts.Length == 1 ? ByteString.FromBytes(parts[0]) : ByteString.FromBytes(NonEmpty(parts));
            var askAck = _writer.HandOver(count, Environment.TickCount64);
            link.Tcp.Tell(askAck ? Tcp.Write.Create(bytes, WriteAcked.Instance) : Tcp.Write.Create(bytes));
            WatchWrites();
        }
        if (_writer.OverHighWater != wasOver) ReportMark();
    }

    private static List<ArraySegment<byte>> NonEmpty(ReadOnlySpan<ArraySegment<byte>> parts)
    {
        var nonEmpty = new List<ArraySegment<byte>>(parts.Length);
        foreach (var part in parts)
            if (part.Count > 0) nonEmpty.Add(part);
        return nonEmpty;
    }

    /// <summary>One periodic check per connection rather than a timer per write: writes are the hot path.</summary>
    private void WatchWrites()
    {
        if (!Timers.IsTimerActive(StallTimer))
            Timers.StartPeriodicTimer(StallTimer, StallCheck.Instance, _settings.StallTimeout / 4);
    }

    /// <summary>Write acks and failures, in whatever state the connection is.</summary>
    private bool Writing(Link link, object message)
    {
        switch (message)
        {
            case WriteAcked:
                var wasOver = _writer.OverHighWater;
                if (_writer.Acked(Environment.TickCount64) is { } next) link.Tcp.Tell(Tcp.Write.Create(next, WriteAcked.Instance));
                if (_writer.OverHighWater != wasOver) ReportMark();
                MaybeAskWho();
                MaybePull(link);
                return true;
            case StallCheck:
                switch (_writer.Check(Environment.TickCount64))
                {
                    case WriteCheck.AllConfirmed:
                        Timers.Cancel(StallTimer); // nothing to watch until the next write: an idle node sleeps
                        break;
                    case WriteCheck.Confirm: // a quiet member's last lines: confirmed without waiting for another write
                        link.Tcp.Tell(ConfirmSoFar);
                        break;
                    case WriteCheck.Stalled:
                        Drop(link, $"no write progress in {Seconds(_settings.StallTimeout)}");
                        break;
                }
                return true;
            case Tcp.CommandFailed { Cmd: Tcp.Write }:
                _log.Debug("write to {0} failed; closing", link.Label);
                Abort(link);
                return true;
            case TimedOut:
                return true; // a step timer that lost the race with its answer
            default:
                return false;
        }
    }

    /// <summary>What a burst still holds, as the last write before a close (no ack: nothing waits for one).</summary>
    private void WriteRemaining(Link link)
    {
        if (_writer.HasHeld) link.Tcp.Tell(Tcp.Write.Create(_writer.TakeRemaining()));
    }

    private void ReportMark()
    {
        _gate = _gate with { OverHighWater = _writer.OverHighWater };
        _node.Tell(new Backlogged(_writer.OverHighWater));
    }
}
