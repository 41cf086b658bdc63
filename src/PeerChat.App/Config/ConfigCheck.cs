using PeerChat.Protocol;
using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>A setting that cannot be used: the key (full path) and what is wrong with it, for one line on stderr.</summary>
internal sealed record ConfigProblem(string Key, string Message);

/// <summary>
/// Checks the merged config's <c>peerchat</c> section against <see cref="PeerchatSchema"/>: no unknown
/// keys, objects where objects belong, every value of its type and in range, and the rules that tie keys
/// together. The <c>akka</c> section is Akka's business and is not looked at.
/// </summary>
internal static class ConfigCheck
{
    /// <summary>
    /// Every problem found, so the user fixes them in one go: all the misplaced or unknown keys, else
    /// every value out of its type or range, else the rules between keys. Null when the section is usable.
    /// </summary>
    public static IReadOnlyList<ConfigProblem>? Check(Config merged)
    {
        var found = Shape(merged).ToArray();
        if (found.Length == 0) found = PeerchatSchema.Keys.Select(k => Value(merged, k)).OfType<ConfigProblem>().ToArray();
        if (found.Length == 0 && CrossKeys(merged) is { } crossed) found = [crossed];
        return found.Length == 0 ? null : found;
    }

    /// <summary>Unknown keys and values where objects belong (or objects where values belong).</summary>
    private static IEnumerable<ConfigProblem> Shape(Config merged)
    {
        var root = merged.Root;
        if (root is null || !root.IsObject()) return [];
        if (!root.GetObject().Items.TryGetValue("peerchat", out var peerchat)) return [];
        return Walk("peerchat", peerchat);
    }

    private static IEnumerable<ConfigProblem> Walk(string path, HoconValue value)
    {
        if (PeerchatSchema.Sections.Contains(path))
        {
            if (!value.IsObject())
                return [new(path, $"must be an object holding {string.Join(", ", PeerchatSchema.Children(path))}, like {path} {{ {PeerchatSchema.Children(path).First()} = ... }}")];
            return value.GetObject().Items.SelectMany(item => Walk($"{path}.{item.Key}", item.Value)).ToArray();
        }
        if (PeerchatSchema.Find(path) is { } key)
        {
            if (value.IsObject()) return [new(path, $"must be a single value ({key.TypeName}), not an object")];
            if (value.IsArray() && key.Type != SettingType.Addresses) return [new(path, $"must be a single value ({key.TypeName}), not a list")];
            if (value.Values.Count == 0) return [new(path, "has no value")];
            return [];
        }
        // An unknown section is named by its first key: "timeout.stall" finds "timeouts.stall".
        if (value.IsObject() && value.GetObject().Items.FirstOrDefault() is { Key: { } first, Value: { } inner })
            return Walk($"{path}.{first}", inner);
        var known = PeerchatSchema.Keys.Select(k => k.Path).Concat(PeerchatSchema.Sections);
        var last = path[(path.LastIndexOf('.') + 1)..];
        var hint = NearestName.Find(path, known, NearestName.TypoEdits(last)) is { } near
            ? $"did you mean {near}?"
            : $"the keys under {Parent(path)} are {string.Join(", ", PeerchatSchema.Children(Parent(path)))}";
        return [new(path, $"unknown key; {hint}")];
    }

    private static string Parent(string path) => path[..path.LastIndexOf('.')];

    private static ConfigProblem? Value(Config c, SettingKey key)
    {
        if (key.Type == SettingType.Addresses) return Addresses(c, key.Path);
        var raw = (c.GetString(key.Path) ?? "").Trim();
        string? problem = key.Type switch
        {
            SettingType.Text => raw.Length > 0 ? null : "must not be empty",
            SettingType.Digits => raw.Length >= key.Min && raw.Length <= key.Max && raw.All(char.IsAsciiDigit)
                ? null : $"must be digits only ({key.RangeText}), got '{raw}'",
            SettingType.WholeNumber => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= key.Min && n <= key.Max
                ? null : $"must be a whole number from {key.RangeText}, got '{raw}'",
            SettingType.Size => Size(c, key.Path) is { } bytes && bytes >= key.Min && bytes <= key.Max
                ? null : $"must be a size from {key.RangeText} (like 64 KiB or 65536), got '{raw}'",
            SettingType.Duration => Milliseconds(c, key.Path) is { } ms && ms >= key.Min && ms <= key.Max
                ? null : $"must be a duration from {key.RangeText} (like 5s or 500ms), got '{raw}'",
            SettingType.Switch => raw.ToLowerInvariant() is "on" or "off" or "true" or "false" or "yes" or "no"
                ? null : $"must be on or off, got '{raw}'",
            _ => null,
        };
        return problem is null ? null : new(key.Path, problem);
    }

    private static ConfigProblem? Addresses(Config c, string path)
    {
        IReadOnlyList<string> entries;
        try { entries = BootstrapList.Read(c); }
        catch (Exception e) when (e is not OutOfMemoryException) { return new(path, "must be a list of \"HOST:PORT\" strings, or one such string"); }
        foreach (var entry in entries)
            if (!HostPort.TryParse(entry, out _, out _, out var error))
                return new(path, error);
        return null;
    }

    private static ConfigProblem? CrossKeys(Config c)
    {
        const string buffer = "peerchat.limits.max-outbound-buffer", highWater = "peerchat.limits.outbound-high-water", line = "peerchat.limits.max-line-length";
        var (b, h, l) = (Size(c, buffer)!.Value, Size(c, highWater)!.Value, Size(c, line)!.Value);
        if (b < h)
            return new(buffer, $"({SettingKey.Size(b)}) must be at least {highWater} ({SettingKey.Size(h)}): pacing starts at the high-water mark, before the drop");
        if (b <= l)
            return new(buffer, $"({SettingKey.Size(b)}) must be larger than {line} ({SettingKey.Size(l)}): a member sent one longest line would be dropped as stalled");
        return null;
    }

    private static long? Size(Config c, string path)
    {
        try { return c.GetByteSize(path); }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException) { return null; }
    }

    private static long? Milliseconds(Config c, string path)
    {
        try { return (long)c.GetTimeSpan(path, allowInfinite: false).TotalMilliseconds; }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException) { return null; }
    }
}
