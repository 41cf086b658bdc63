using System.Text.Json;

namespace PeerChat.Conformance;

/// <summary>Reading fields of frames a node sent, whatever JSON kind it wrote them as.</summary>
public static class Frames
{
    /// <summary>The frame's <c>type</c> when it is a JSON object with a string type, else null.</summary>
    public static string? TypeOf(JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    /// <summary>A field's value as text: a string's content, any other value's JSON; null when missing.</summary>
    public static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    /// <summary>The fields among <paramref name="names"/> that are missing or not JSON strings, each with what it was.</summary>
    public static IReadOnlyList<string> NotStrings(JsonElement obj, params string[] names) =>
        [.. names.Select(n => (n, Kind: obj.TryGetProperty(n, out var v) ? v.ValueKind : JsonValueKind.Undefined))
            .Where(f => f.Kind != JsonValueKind.String)
            .Select(f => f.Kind == JsonValueKind.Undefined ? $"\"{f.n}\" missing" : $"\"{f.n}\" a JSON {f.Kind.ToString().ToLowerInvariant()}")];
}
