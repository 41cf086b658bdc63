using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PeerChat.Node;
using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>An error to show as an <c>error</c> event: a bad input line, for example.</summary>
internal sealed record ShowError(string Text);

/// <summary>The answer to <c>/help</c>: every command with its one line.</summary>
internal sealed record HelpListed(IReadOnlyList<(string Usage, string Meaning)> Commands);

/// <summary>
/// The headless event lines, one JSON object each. Text is raw UTF-8, escaped only where JSON requires
/// it (quotes, backslashes, control characters); lone surrogates become U+FFFD (<see cref="JsonString"/>).
/// </summary>
internal static class EventJson
{
    private const int StackLiteralBytes = 256;

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Whether <see cref="Write"/> writes a line for this message.</summary>
    public static bool Shows(object message) =>
        message is Listening or PeerJoined or PeerLeft or AlreadyMember or ReceivedLine or PeerList or JoinFailed or ShowError
            or NameChanged or NameRefused or MemberListed or MemberListFailed or HelpListed;

    /// <summary>Writes the event's object (no newline); false when the message is not one the headless output shows.</summary>
    public static bool Write(Utf8JsonWriter w, object message)
    {
        switch (message)
        {
            case Listening listening:
                w.WriteStartObject();
                w.WriteString("event", "listening");
                WriteText(w, "host", listening.Host);
                w.WriteNumber("port", listening.Port);
                w.WriteEndObject();
                return true;
            case PeerJoined joined:
                w.WriteStartObject();
                w.WriteString("event", "peer-joined");
                WritePeer(w, joined.Peer, withProfile: true);
                w.WriteEndObject();
                return true;
            case PeerLeft left:
                w.WriteStartObject();
                w.WriteString("event", "peer-left");
                WritePeer(w, left.Peer, withProfile: false);
                w.WriteString("reason", left.Reason.ToWire());
                w.WriteEndObject();
                return true;
            case AlreadyMember member:
                w.WriteStartObject();
                w.WriteString("event", "already-member");
                WritePeer(w, member.Peer, withProfile: false);
                w.WriteEndObject();
                return true;
            case ReceivedLine received:
                WriteMessageStart(w, received.From);
                WriteText(w, "text", received.Text);
                w.WriteEndObject();
                return true;
            case PeerList list:
                w.WriteStartObject();
                w.WriteString("event", "peers");
                w.WriteStartArray("peers");
                foreach (var peer in list.Peers)
                {
                    w.WriteStartObject();
                    WritePeer(w, peer, withProfile: true);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                return true;
            case JoinFailed failed:
                WriteError(w, $"cannot join {failed.Address}: {failed.Reason}");
                return true;
            case NameChanged changed:
                w.WriteStartObject();
                w.WriteString("event", "name-changed");
                WriteText(w, "old", changed.OldName);
                WriteText(w, "name", changed.NewName);
                w.WriteNumber("rejoining", changed.Rejoining);
                w.WriteNumber("unreachable", changed.Unreachable);
                w.WriteEndObject();
                return true;
            case NameRefused refused:
                WriteError(w, $"/nick: {refused.Reason}");
                return true;
            case MemberListed listed:
                WriteMemberList(w, listed);
                return true;
            case MemberListFailed failed:
                WriteError(w, $"/who: {failed.Reason}");
                return true;
            case HelpListed help:
                w.WriteStartObject();
                w.WriteString("event", "help");
                w.WriteStartArray("commands");
                foreach (var (usage, meaning) in help.Commands)
                {
                    w.WriteStartObject();
                    w.WriteString("usage", usage);
                    w.WriteString("meaning", meaning);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                return true;
            case ShowError error:
                WriteError(w, error.Text);
                return true;
            default:
                return false; // MessageSent, LeftNetwork: not shown; ListenFailed goes to stderr
        }
    }

    /// <summary>The event's line without its newline, or null when it is not shown (for tests and diagnostics).</summary>
    public static string? ToLine(object message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        if (!Write(writer, message)) return null;
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A <c>message</c> event up to its text: shared with <see cref="MessageLines"/>, which writes a batch's texts itself.</summary>
    internal static void WriteMessageStart(Utf8JsonWriter w, PeerInfo from)
    {
        w.WriteStartObject();
        w.WriteString("event", "message");
        w.WriteStartObject("from");
        WritePeer(w, from, withProfile: false);
        w.WriteEndObject();
    }

    private static void WritePeer(Utf8JsonWriter w, PeerInfo peer, bool withProfile)
    {
        WriteText(w, "name", peer.Name);
        if (withProfile)
        {
            WriteText(w, "age", peer.Age);
            WriteText(w, "zip", peer.Zip);
        }
        WriteText(w, "ip", peer.Ip);
        if (peer.Port is { } port) w.WriteNumber("port", port);
        else w.WriteNull("port");
    }

    /// <summary><c>{"event":"who","member":{…},"peers":[{"ip":…,"port":…,"name":…}]}</c>; <c>name</c> is null for an address that is no member here.</summary>
    private static void WriteMemberList(Utf8JsonWriter w, MemberListed listed)
    {
        w.WriteStartObject();
        w.WriteString("event", "who");
        w.WriteStartObject("member");
        WritePeer(w, listed.Member, withProfile: false);
        w.WriteEndObject();
        w.WriteStartArray("peers");
        foreach (var peer in listed.Peers)
        {
            w.WriteStartObject();
            WriteText(w, "ip", peer.Ip);
            w.WriteNumber("port", peer.Port);
            if (peer.Name is null) w.WriteNull("name");
            else WriteText(w, "name", peer.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("event", "error");
        WriteText(w, "text", text);
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string name, string? value)
    {
        // Utf8JsonWriter's encoders escape emoji and some other non-ASCII text as \u; the literal is
        // written as raw UTF-8 instead, escaped only where JSON requires it.
        var text = (value ?? "").AsSpan();
        var length = JsonString.Length(text);
        byte[]? rented = null;
        var literal = length <= StackLiteralBytes ? stackalloc byte[StackLiteralBytes] : (rented = ArrayPool<byte>.Shared.Rent(checked((int)length)));
        try
        {
            var written = JsonString.Write(text, literal);
            w.WritePropertyName(name);
            w.WriteRawValue(literal[..written], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
