using System.Globalization;
using System.Text;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>The README's table of settings, written from <see cref="PeerchatSchema"/> and the built-in defaults.</summary>
internal static class SchemaTable
{
    public const string Begin = "<!-- settings table: written from PeerchatSchema; a test fails when they differ -->";
    public const string End = "<!-- end of settings table -->";

    /// <summary>The Markdown table, one row per key, between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public static string Markdown()
    {
        var table = new StringBuilder()
            .Append(Begin).Append('\n')
            .Append("| key | type | default | range | meaning |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var key in PeerchatSchema.Keys)
            table.Append(CultureInfo.InvariantCulture, $"| `{key.Path}` | {key.TypeName} | `{Default(key)}` | {key.RangeText} | {key.Doc.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        return table.Append(End).Append('\n').ToString();
    }

    /// <summary>The default as hocon/peerchat.conf writes it (a list as <c>[…]</c>, an empty string as <c>""</c>).</summary>
    public static string Default(SettingKey key)
    {
        var defaults = NodeSettings.DefaultConfig;
        if (key.Type == SettingType.Addresses) return $"[{string.Join(", ", BootstrapList.Read(defaults).Select(ConfigLoader.Quote))}]";
        var value = defaults.GetString(key.Path) ?? "";
        return value.Length == 0 || key.Type == SettingType.Digits ? ConfigLoader.Quote(value) : value;
    }
}
