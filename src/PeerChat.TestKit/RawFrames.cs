using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeerChat.Testing;

/// <summary>
/// Protocol frames as strict one-line JSON (no newline), written here independently of the node's
/// own codec so a raw peer checks the node against the spec, not against itself. Numbers are strings,
/// as the spec says; to send anything else, write the line yourself.
/// </summary>
public static class RawFrames
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Join(string name, string age = "30", string zip = "12345", string port = "7777") =>
        Profile("join", name, age, zip, port);

    public static string JoinReply(string name, string age = "30", string zip = "12345", string port = "7777") =>
        Profile("join-reply", name, age, zip, port);

    public const string Who = """{"type":"who"}""";

    public const string Leave = """{"type":"leave"}""";

    public static string WhoReply(params (string Ip, string Port)[] peers) => Write(w =>
    {
        w.WriteString("type", "who-reply");
        w.WriteStartArray("peers");
        foreach (var (ip, port) in peers)
        {
            w.WriteStartObject();
            w.WriteString("ip", ip);
            w.WriteString("port", port);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Message(string text) => Write(w =>
    {
        w.WriteString("type", "message");
        w.WriteString("message", text);
    });

    /// <summary>Any object as one JSON line: an anonymous object keeps its property order (<c>new { type = "dance", steps = "3" }</c>).</summary>
    public static string Of(object frame) => JsonSerializer.Serialize(frame, Relaxed);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Profile(string type, string name, string age, string zip, string port) => Write(w =>
    {
        w.WriteString("type", type);
        w.WriteString("name", name);
        w.WriteString("age", age);
        w.WriteString("zip", zip);
        w.WriteString("port", port);
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
