using System.Globalization;

namespace PeerChat.App;

/// <summary>What a setting holds; decides how its value is read and checked.</summary>
internal enum SettingType
{
    /// <summary>A non-empty string.</summary>
    Text,
    /// <summary>A string of ASCII digits, <see cref="SettingKey.Min"/> to <see cref="SettingKey.Max"/> of them (leading zeros kept).</summary>
    Digits,
    /// <summary>A whole number from <see cref="SettingKey.Min"/> to <see cref="SettingKey.Max"/>.</summary>
    WholeNumber,
    /// <summary>A byte size (<c>64 KiB</c>, <c>65536</c>) from Min to Max bytes.</summary>
    Size,
    /// <summary>A duration (<c>5s</c>, <c>500ms</c>) from Min to Max milliseconds.</summary>
    Duration,
    /// <summary><c>on</c> or <c>off</c> (also true/false, yes/no).</summary>
    Switch,
    /// <summary>A list of <c>"HOST:PORT"</c> strings; a single string counts as a one-entry list.</summary>
    Addresses,
    /// <summary>A file name, or <c>""</c> for the built-in choice.</summary>
    FilePath,
}

/// <summary>One key of the <c>peerchat</c> section: its full path, type, range and a one-line description for the user.</summary>
internal sealed record SettingKey(string Path, SettingType Type, long Min, long Max, string Doc)
{
    /// <summary>The type as the README's table names it.</summary>
    public string TypeName => Type switch
    {
        SettingType.Text => "text",
        SettingType.Digits => "digits",
        SettingType.WholeNumber => "integer",
        SettingType.Size => "size",
        SettingType.Duration => "duration",
        SettingType.Switch => "on/off",
        SettingType.Addresses => "list of \"HOST:PORT\"",
        SettingType.FilePath => "file path",
        _ => throw new InvalidOperationException(Type.ToString()),
    };

    /// <summary>The values accepted, in words: "0 to 65535", "256 B to 1023 MiB", "1 to 9 digits".</summary>
    public string RangeText => Type switch
    {
        SettingType.Text => "not empty",
        SettingType.Digits => $"{Min} to {Max} digits",
        SettingType.WholeNumber => $"{Number(Min)} to {Number(Max)}",
        SettingType.Size => $"{Size(Min)} to {Size(Max)}",
        SettingType.Duration => $"{Duration(Min)} to {Duration(Max)}",
        SettingType.Switch => "on or off",
        SettingType.Addresses => "each HOST:PORT, port 1 to 65535",
        SettingType.FilePath => "any; \"\" for the default",
        _ => throw new InvalidOperationException(Type.ToString()),
    };

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A byte count in the largest unit that divides it exactly, as HOCON writes it.</summary>
    public static string Size(long bytes)
    {
        foreach (var (unit, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
            if (bytes >= factor && bytes % factor == 0) return $"{Number(bytes / factor)} {unit}";
        return $"{Number(bytes)} B";
    }

    /// <summary>Milliseconds in the largest unit that divides them exactly, as HOCON writes it.</summary>
    public static string Duration(long ms)
    {
        foreach (var (unit, factor) in new[] { ("d", 86_400_000L), ("h", 3_600_000L), ("min", 60_000L), ("s", 1000L) })
            if (ms >= factor && ms % factor == 0) return $"{Number(ms / factor)}{unit}";
        return $"{Number(ms)}ms";
    }
}
