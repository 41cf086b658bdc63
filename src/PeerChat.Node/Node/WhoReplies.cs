using Akka.Actor;
using PeerChat.Protocol;

namespace PeerChat.Node;

/// <summary>
/// One who-reply as parts of a shared, immutable encoding: <see cref="Prefix"/>, the entries before
/// <see cref="HeadEnd"/>, the entries from <see cref="TailStart"/>, <see cref="Suffix"/>. The connection
/// hands these parts to Akka.IO as they are (copied only into the batch a burst holds). Never changed once built.
/// </summary>
internal readonly record struct WhoReplyBytes(byte[] Entries, int HeadEnd, int TailStart)
{
    public static ReadOnlySpan<byte> Prefix => WhoReplies.Prefix;
    public static ReadOnlySpan<byte> Suffix => WhoReplies.Suffix;
    public ReadOnlySpan<byte> Head => Entries.AsSpan(0, HeadEnd);
    public ReadOnlySpan<byte> Tail => Entries.AsSpan(TailStart);

    public byte[] ToArray() => [.. Prefix, .. Head, .. Tail, .. Suffix];
}

/// <summary>
/// Who-replies, encoded once per member table: every advertised member's entry is encoded when the
/// table changes, and a reply is those bytes minus the asker's entry, so answering a <c>who</c>
/// costs a few slices, not a list, a string per member and a JSON encoding.
/// </summary>
internal sealed class WhoReplies
{
    internal static readonly byte[] Prefix, Suffix;

    static WhoReplies()
    {
        // The codec's own framing of an empty list, split where the entries go.
        var empty = PeerCodec.EncodeLine(new WhoReply([]));
        var at = empty.AsSpan().IndexOf("[]"u8) + 1;
        Prefix = empty[..at];
        Suffix = empty[at..];
    }

    private object? _table;
    private byte[] _entries = []; // every entry, comma-separated
    private Dictionary<IActorRef, (int Start, int Length)> _spans = [];

    /// <summary>The who-reply for <paramref name="asker"/>: every member of <paramref name="table"/> but itself.</summary>
    public WhoReplyBytes For(PeerTable<IActorRef> table, IActorRef asker)
    {
        if (!ReferenceEquals(table, _table)) Rebuild(table);
        if (!_spans.TryGetValue(asker, out var own)) return new(_entries, _entries.Length, _entries.Length);
        // Drop the asker's entry and one comma next to it (after it, or before it when it is last).
        return own.Start + own.Length < _entries.Length
            ? new(_entries, own.Start, own.Start + own.Length + 1)
            : new(_entries, Math.Max(0, own.Start - 1), own.Start + own.Length);
    }

    private void Rebuild(PeerTable<IActorRef> table)
    {
        var buffer = new List<byte>(table.MemberCount * 40);
        var spans = new Dictionary<IActorRef, (int, int)>(table.MemberCount);
        foreach (var member in table.Members)
        {
            if (!member.Identity.Advertised) continue;
            var one = PeerCodec.EncodeLine(new WhoReply([new PeerAddress(member.Identity.Ip.ToString(), member.Identity.Port)]));
            var entry = one.AsSpan(Prefix.Length, one.Length - Prefix.Length - Suffix.Length);
            if (buffer.Count > 0) buffer.Add((byte)',');
            spans[member.Conn] = (buffer.Count, entry.Length);
            buffer.AddRange(entry);
        }
        _entries = buffer.ToArray();
        _spans = spans;
        _table = table;
    }
}
