using Akka.Configuration.Hocon;
using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

/// <summary>The schema of the peerchat section against the built-in defaults, the README and the node's own checks.</summary>
public sealed class ConfigSchemaTests
{
    [Fact]
    public void Built_in_defaults_have_exactly_the_keys_of_the_schema()
    {
        var keys = new List<string>();
        Leaves("peerchat", NodeSettings.DefaultConfig.GetValue("peerchat"), keys);
        Assert.Equal(PeerchatSchema.Keys.Select(k => k.Path).Order(), keys.Order());
    }

    [Fact]
    public void Built_in_defaults_pass_the_schema()
    {
        Assert.Null(ConfigCheck.Check(NodeSettings.DefaultConfig));
    }

    [Fact]
    public void Readme_settings_table_is_the_one_the_schema_writes()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(SchemaTable.Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(SchemaTable.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md has no settings table; put this in its Configuration section:\n{SchemaTable.Markdown()}");
        var actual = readme[begin..(end + SchemaTable.End.Length + 1)];
        Assert.True(actual == SchemaTable.Markdown(), $"README.md's settings table differs from the schema; it should read:\n{SchemaTable.Markdown()}");
    }

    [Fact]
    public void Every_key_of_the_schema_has_a_range_the_node_accepts_at_both_ends()
    {
        foreach (var key in PeerchatSchema.Keys.Where(k => k.Type is SettingType.WholeNumber or SettingType.Size or SettingType.Duration))
        {
            foreach (var bound in new[] { key.Min, key.Max })
            {
                var text = key.Type == SettingType.Duration ? $"{bound}ms" : bound.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var config = Akka.Configuration.ConfigurationFactory.ParseString($"{key.Path} = {text}\n{CrossKeyRoom(key)}");
                Assert.True(ConfigCheck.Check(config.WithFallback(NodeSettings.DefaultConfig)) is null, $"{key.Path} = {text} is refused by the schema");
                var settings = NodeSettings.Create(config);
                Assert.NotNull(settings);
            }
        }
    }

    [Fact]
    public void Nearest_name_finds_a_typo_and_nothing_for_an_unrelated_word()
    {
        var known = PeerchatSchema.Keys.Select(k => k.Path).ToList();
        Assert.Equal("peerchat.limits.max-peers", NearestName.Find("peerchat.limits.max-peer", known, NearestName.TypoEdits("max-peer")));
        Assert.Equal("peerchat.timeouts.stall", NearestName.Find("peerchat.timeout.stall", known, NearestName.TypoEdits("stall")));
        Assert.Null(NearestName.Find("peerchat.limits.colour", known, NearestName.TypoEdits("colour")));
    }

    // The largest line needs a larger outbound buffer (a rule tying the two): room made for that one key.
    private static string CrossKeyRoom(SettingKey key) => key.Path switch
    {
        "peerchat.limits.max-line-length" => "peerchat.limits.max-outbound-buffer = 1 GiB",
        "peerchat.limits.outbound-high-water" => "peerchat.limits.max-outbound-buffer = 1 GiB",
        "peerchat.limits.max-outbound-buffer" => "peerchat.limits.outbound-high-water = 1 KiB\npeerchat.limits.max-line-length = 256",
        _ => "",
    };

    private static void Leaves(string path, HoconValue value, List<string> keys)
    {
        if (!value.IsObject())
        {
            keys.Add(path);
            return;
        }
        foreach (var (name, child) in value.GetObject().Items) Leaves($"{path}.{name}", child, keys);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "hocon")))
                return dir.FullName;
        throw new InvalidOperationException("the repository root (README.md beside hocon/) is not above " + AppContext.BaseDirectory);
    }
}
