using Akka.Configuration;

namespace PeerChat.App;

/// <summary>
/// Reads <c>peerchat.bootstrap</c>: a list of <c>"HOST:PORT"</c> strings, or one such string, taken as a
/// one-entry list (the same as <c>--connect HOST:PORT</c>), so <c>bootstrap = "127.0.0.1:5001"</c> works.
/// </summary>
internal static class BootstrapList
{
    public const string Key = "peerchat.bootstrap";

    public static IReadOnlyList<string> Read(Config c)
    {
        if (!c.HasPath(Key)) return [];
        var value = c.GetValue(Key);
        if (value.IsArray()) return value.GetArray().Select(v => v.GetString()).ToArray();
        var single = value.GetString()?.Trim() ?? "";
        return single.Length == 0 ? [] : [single];
    }
}
