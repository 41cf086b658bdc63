using System.Diagnostics;
using Akka.Configuration;
using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

public sealed class ConfigLoaderTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static LoadedConfig Load(CommandLineOptions options, Dictionary<string, string>? env = null)
    {
        var result = ConfigLoader.Load(options, env ?? NoEnvironment);
        Assert.Null(result.Error);
        return result.Loaded!;
    }

    private static string LoadError(CommandLineOptions options, Dictionary<string, string>? env = null)
    {
        var result = ConfigLoader.Load(options, env ?? NoEnvironment);
        Assert.Null(result.Loaded);
        Assert.NotNull(result.Error);
        Assert.DoesNotContain('\n', result.Error);
        return result.Error!;
    }

    // ── layering ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Built_in_defaults_apply_when_nothing_is_given()
    {
        var loaded = Load(new CommandLineOptions());
        Assert.Equal("anonymous", loaded.Settings.Name);
        Assert.Equal("0.0.0.0", loaded.Settings.ListenHost);
        Assert.Equal(5000, loaded.Settings.ListenPort);
        Assert.Empty(loaded.Settings.Bootstrap);
        Assert.Equal(["PeerChat.Node.StderrLogger, PeerChat.Node"], loaded.Config.GetStringList("akka.loggers"));
    }

    [Fact]
    public void Layers_override_in_order_defaults_file_environment_flags()
    {
        using var file = new TempConfigFile("""
            peerchat {
              identity { name = "FromFile", age = 1, zip = "11111" }
              listen { host = "10.0.0.1", port = 4001 }
              limits.max-peers = 7
            }
            """);
        var env = new Dictionary<string, string>
        {
            ["PEERCHAT_NAME"] = "FromEnv",
            ["PEERCHAT_AGE"] = "2",
            ["PEERCHAT_ZIP"] = "22222",
        };
        var flags = new CommandLineOptions { ConfigFile = file.Path, Name = "FromFlag", Age = "3" };

        var s = Load(flags, env).Settings;

        Assert.Equal("FromFlag", s.Name);   // flags beat environment
        Assert.Equal("3", s.Age);
        Assert.Equal("22222", s.Zip);       // environment beats the file
        Assert.Equal("10.0.0.1", s.ListenHost); // the file beats the defaults
        Assert.Equal(4001, s.ListenPort);
        Assert.Equal(7, s.MaxPeers);
        Assert.Equal(256, s.MaxNameLength); // defaults fill in the rest
    }

    [Fact]
    public void File_overrides_only_the_keys_it_sets()
    {
        using var file = new TempConfigFile("peerchat.listen.port = 6001");
        var s = Load(new CommandLineOptions { ConfigFile = file.Path }).Settings;
        Assert.Equal(6001, s.ListenPort);
        Assert.Equal("0.0.0.0", s.ListenHost);
        Assert.Equal("anonymous", s.Name);
    }

    [Fact]
    public void Every_environment_variable_sets_its_key()
    {
        var env = new Dictionary<string, string>
        {
            ["PEERCHAT_NAME"] = "Eve",
            ["PEERCHAT_AGE"] = "40",
            ["PEERCHAT_ZIP"] = "00501",
            ["PEERCHAT_HOST"] = "127.0.0.1",
            ["PEERCHAT_PORT"] = "6123",
            ["PEERCHAT_CONNECT"] = "127.0.0.1:5001",
        };
        var s = Load(new CommandLineOptions(), env).Settings;
        Assert.Equal("Eve", s.Name);
        Assert.Equal("40", s.Age);
        Assert.Equal("00501", s.Zip);
        Assert.Equal("127.0.0.1", s.ListenHost);
        Assert.Equal(6123, s.ListenPort);
        Assert.Equal(["127.0.0.1:5001"], s.Bootstrap);
    }

    [Fact]
    public void Unset_or_empty_environment_variables_let_lower_layers_show_through()
    {
        using var file = new TempConfigFile("peerchat.identity.name = FromFile\npeerchat.listen.port = 6001");
        var env = new Dictionary<string, string> { ["PEERCHAT_NAME"] = "", ["UNRELATED"] = "x" };
        var s = Load(new CommandLineOptions { ConfigFile = file.Path }, env).Settings;
        Assert.Equal("FromFile", s.Name);
        Assert.Equal(6001, s.ListenPort);

        var layer = ConfigLoader.EnvironmentLayer(new Dictionary<string, string> { ["PEERCHAT_PORT"] = "7000" });
        Assert.True(layer.HasPath("peerchat.listen.port"));
        Assert.False(layer.HasPath("peerchat.identity.name"));
        Assert.False(layer.HasPath("peerchat.listen.host"));
        Assert.True(ConfigLoader.EnvironmentLayer(NoEnvironment).IsEmpty);
    }

    [Fact]
    public void Flags_layer_holds_only_the_options_given()
    {
        var layer = ConfigLoader.FlagsLayer(new CommandLineOptions { Port = 0 });
        Assert.Equal(0, layer.GetInt("peerchat.listen.port"));
        Assert.False(layer.HasPath("peerchat.identity.name"));
        Assert.True(ConfigLoader.FlagsLayer(new CommandLineOptions()).IsEmpty);
    }

    [Fact]
    public void Connect_from_environment_and_flags_is_added_to_the_file_bootstrap()
    {
        using var file = new TempConfigFile("peerchat.bootstrap = [\"127.0.0.1:5001\"]");
        var env = new Dictionary<string, string> { ["PEERCHAT_CONNECT"] = "127.0.0.1:5002" };
        var options = new CommandLineOptions { ConfigFile = file.Path, Connect = ["127.0.0.1:5003", "127.0.0.1:5001"] };
        var s = Load(options, env).Settings;
        Assert.Equal(["127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5003"], s.Bootstrap);
    }

    [Fact]
    public void User_akka_settings_reach_the_actor_system_config_beside_the_defaults()
    {
        using var file = new TempConfigFile("akka.loglevel = DEBUG");
        var config = Load(new CommandLineOptions { ConfigFile = file.Path }).Config;
        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.Equal("OFF", config.GetString("akka.stdout-loglevel"));
        Assert.Equal(["PeerChat.Node.StderrLogger, PeerChat.Node"], config.GetStringList("akka.loggers"));
    }

    [Theory]
    [InlineData("Bob \"the builder\"")]
    [InlineData(@"back\slash\")]
    [InlineData(@"\""")]
    [InlineData("${PEERCHAT_NAME} and ${?X}")]
    [InlineData("# not a comment")]
    [InlineData("// nor this")]
    [InlineData("a, b = {c} [d]")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("bell\u0007 nul\u0000 del\u007f")]
    [InlineData("Zoë 中文 😀")]
    [InlineData("\"\"\"triple\"\"\"")]
    public void Names_survive_flags_and_environment_unchanged(string name)
    {
        Assert.Equal(name, Load(new CommandLineOptions { Name = name }).Settings.Name);
        Assert.Equal(name, Load(new CommandLineOptions(), new() { ["PEERCHAT_NAME"] = name }).Settings.Name);
        Assert.Equal(name, ConfigurationFactory.ParseString($"x = {ConfigLoader.Quote(name)}").GetString("x"));
    }

    [Fact]
    public void The_example_configs_make_a_three_node_network_on_one_machine()
    {
        var dir = ExamplesDirectory();
        var alice = Load(new CommandLineOptions { ConfigFile = Path.Combine(dir, "alice.conf") }).Settings;
        var bob = Load(new CommandLineOptions { ConfigFile = Path.Combine(dir, "bob.conf") }).Settings;
        var carol = Load(new CommandLineOptions { ConfigFile = Path.Combine(dir, "carol.conf") }).Settings;

        Assert.Equal(("Alice", 5001), (alice.Name, alice.ListenPort));
        Assert.Equal(("Bob", 5002), (bob.Name, bob.ListenPort));
        Assert.Equal(("Carol", 5003), (carol.Name, carol.ListenPort));
        Assert.Empty(alice.Bootstrap);
        Assert.Equal(["127.0.0.1:5001"], bob.Bootstrap);
        Assert.Equal(["127.0.0.1:5001"], carol.Bootstrap);
        Assert.All([alice, bob, carol], s => Assert.Equal("127.0.0.1", s.ListenHost));
    }

    // ── errors ───────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Missing_config_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"peerchat-missing-{Guid.NewGuid():N}.conf");
        Assert.Equal($"config file '{path}' not found", LoadError(new CommandLineOptions { ConfigFile = path }));
        var inMissingDir = Path.Combine(path, "x.conf");
        Assert.Equal($"config file '{inMissingDir}' not found", LoadError(new CommandLineOptions { ConfigFile = inMissingDir }));
    }

    [Fact]
    public void Directory_as_config_file_is_an_error()
    {
        Assert.Equal($"config file '{Path.GetTempPath()}' is a directory", LoadError(new CommandLineOptions { ConfigFile = Path.GetTempPath() }));
    }

    [Theory]
    [InlineData("peerchat { listen.port = 1", "line 1: '{' is never closed")]
    [InlineData("peerchat.bootstrap = [\"a:1\",\n  \"b:2\"\n", "line 1: '[' is never closed")]
    [InlineData("a = 1\nb = \"open\n", "line 2: a quoted string is not closed on its line")]
    [InlineData("a = 1 }", "line 1: '}' without a matching '{'")]
    [InlineData("a { b = [1 }\n", "line 1: '}' closes the '[' opened on line 1")]
    [InlineData("a = ${b\n", "line 1: '${' is not closed by '}' on its line")]
    [InlineData("a = \"\"\"never", "line 1: a \"\"\" string is never closed")]
    public void Structural_syntax_error_names_the_file_and_line(string hocon, string problem)
    {
        using var file = new TempConfigFile(hocon);
        Assert.Equal($"{file.Path}: {problem}", LoadError(new CommandLineOptions { ConfigFile = file.Path }));
    }

    [Theory]
    [InlineData("a = [1\nb = 2]\n", 2, '=')]
    [InlineData("a = [1\nb : 2]\n", 2, ':')]
    [InlineData("a = [x = 1]", 1, '=')]
    [InlineData("peerchat.bootstrap = [127.0.0.1:5001]", 1, ':')]
    public void Unquoted_assignment_in_a_list_is_an_error_not_a_hang(string hocon, int line, char sign)
    {
        // Akka.Configuration 1.5 never returns from ParseString on the first three.
        var watch = Stopwatch.StartNew();
        var (config, error) = ConfigLoader.Parse(hocon, "x.conf");
        Assert.Null(config);
        Assert.Equal($"x.conf: line {line}: unquoted '{sign}' inside a list (quote the item, like \"127.0.0.1:5001\", or is a ']' missing?)", error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Parser_error_is_reported_on_one_line_with_the_file_name()
    {
        using var file = new TempConfigFile("peerchat.identity.name = ${nowhere}");
        Assert.Equal($"{file.Path}: Unresolved substitution: nowhere", LoadError(new CommandLineOptions { ConfigFile = file.Path }));
    }

    [Fact]
    public void Bad_value_in_the_file_names_key_and_file()
    {
        using var file = new TempConfigFile("peerchat.listen.port = 70000");
        Assert.Equal($"config: peerchat.listen.port: must be a whole number from 0 to 65535, got '70000' (from {file.Path}, line 1)",
            LoadError(new CommandLineOptions { ConfigFile = file.Path }));
    }

    [Fact]
    public void Bad_bootstrap_in_the_file_is_blamed_on_the_file_even_with_connect_options()
    {
        using var file = new TempConfigFile("peerchat.bootstrap = [\"nonsense\"]");
        var error = LoadError(new CommandLineOptions { ConfigFile = file.Path, Connect = ["127.0.0.1:5001"] });
        Assert.Equal($"config: peerchat.bootstrap: 'nonsense' is not HOST:PORT (for example 127.0.0.1:5000) (from {file.Path}, line 1)", error);
    }

    [Fact]
    public void Bad_value_from_the_environment_names_the_variable()
    {
        Assert.Equal("config: peerchat.listen.port: must be a whole number from 0 to 65535, got 'many' (from PEERCHAT_PORT)",
            LoadError(new CommandLineOptions(), new() { ["PEERCHAT_PORT"] = "many" }));
        Assert.Equal("config: peerchat.identity.zip: must be digits only (1 to 10 digits), got '1-2' (from PEERCHAT_ZIP)",
            LoadError(new CommandLineOptions(), new() { ["PEERCHAT_ZIP"] = "1-2" }));
    }

    [Fact]
    public void Bad_connect_from_the_environment_names_the_variable()
    {
        Assert.Equal("config: peerchat.bootstrap: 'x' is not HOST:PORT (for example 127.0.0.1:5000) (from PEERCHAT_CONNECT)",
            LoadError(new CommandLineOptions(), new() { ["PEERCHAT_CONNECT"] = "x" }));
    }

    [Fact]
    public void Bad_value_from_a_flag_names_the_flag()
    {
        Assert.Equal("config: peerchat.identity.age: must be digits only (1 to 9 digits), got '1234567890' (from --age)",
            LoadError(new CommandLineOptions { Age = "1234567890" }));
        Assert.Equal("config: peerchat.identity.name: must not be empty (from --name)",
            LoadError(new CommandLineOptions { Name = "  " }));
    }

    [Fact]
    public void Flag_fixing_a_bad_file_value_wins()
    {
        using var file = new TempConfigFile("peerchat.listen.port = 70000");
        Assert.Equal(5005, Load(new CommandLineOptions { ConfigFile = file.Path, Port = 5005 }).Settings.ListenPort);
    }

    // ── the schema ───────────────────────────────────────────────────────────────────────────────

    private static string FileError(string hocon)
    {
        using var file = new TempConfigFile(hocon);
        return LoadError(new CommandLineOptions { ConfigFile = file.Path }).Replace(file.Path, "F", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("peerchat.limits.max-peer = 10", "config: peerchat.limits.max-peer: unknown key; did you mean peerchat.limits.max-peers? (from F, line 1)")]
    [InlineData("peerchat.timeout.stall = 5s", "config: peerchat.timeout.stall: unknown key; did you mean peerchat.timeouts.stall? (from F, line 1)")]
    [InlineData("peerchat {\n  limits {\n    max-peer = 10\n  }\n}", "config: peerchat.limits.max-peer: unknown key; did you mean peerchat.limits.max-peers? (from F, line 3)")]
    [InlineData("peerchat.colour = red", "config: peerchat.colour: unknown key; the keys under peerchat are bootstrap, identity, keepalive, limits, listen, log, mesh-repair, send, timeouts, transcript, tui (from F, line 1)")]
    public void Unknown_key_is_refused_with_the_nearest_known_key(string hocon, string error)
    {
        Assert.Equal(error, FileError(hocon));
    }

    [Fact]
    public void Every_unknown_key_is_named_at_once_on_one_line()
    {
        Assert.Equal(
            "config: peerchat.limits.max-peer: unknown key; did you mean peerchat.limits.max-peers? (from F, line 1); "
            + "peerchat.timeout.stall: unknown key; did you mean peerchat.timeouts.stall? (from F, line 2)",
            FileError("peerchat.limits.max-peer = 10\npeerchat.timeout.stall = 5s"));
    }

    [Fact]
    public void Every_value_out_of_range_is_named_at_once_on_one_line()
    {
        Assert.Equal(
            "config: peerchat.limits.max-peers: must be a whole number from 1 to 1000000, got '0' (from F, line 1); "
            + "peerchat.timeouts.stall: must be a duration from 1s to 24d (like 5s or 500ms), got '0s' (from F, line 2)",
            FileError("peerchat.limits.max-peers = 0\npeerchat.timeouts.stall = 0s"));
    }

    [Fact]
    public void Unknown_keys_in_the_akka_section_are_left_to_akka()
    {
        using var file = new TempConfigFile("akka.some-setting-peerchat-does-not-know = 1");
        Assert.Null(ConfigLoader.Load(new CommandLineOptions { ConfigFile = file.Path }, NoEnvironment).Error);
    }

    [Fact]
    public void String_where_an_object_belongs_says_it_must_be_an_object()
    {
        Assert.Equal("config: peerchat.identity: must be an object holding age, name, zip, like peerchat.identity { age = ... } (from F, line 2)",
            FileError("peerchat {\n  identity = \"Dave\"\n}"));
    }

    [Fact]
    public void Object_where_a_value_belongs_is_refused()
    {
        Assert.Equal("config: peerchat.listen.port: must be a single value (integer), not an object (from F, line 1)",
            FileError("peerchat.listen.port { a = 1 }"));
    }

    [Fact]
    public void Bootstrap_as_one_string_is_a_one_entry_list()
    {
        using var file = new TempConfigFile("peerchat.bootstrap = \"127.0.0.1:5001\"");
        var s = Load(new CommandLineOptions { ConfigFile = file.Path, Connect = ["127.0.0.1:5002"] }).Settings;
        Assert.Equal(["127.0.0.1:5001", "127.0.0.1:5002"], s.Bootstrap);
    }

    [Fact]
    public void Bootstrap_as_one_bad_string_is_refused_with_its_line()
    {
        Assert.Equal("config: peerchat.bootstrap: 'nowhere' is not HOST:PORT (for example 127.0.0.1:5000) (from F, line 1)",
            FileError("peerchat.bootstrap = nowhere"));
    }

    [Theory]
    [InlineData("peerchat.limits.max-line-length = 2147483600", "config: peerchat.limits.max-line-length: must be a size from 256 B to 1023 MiB (like 64 KiB or 65536), got '2147483600' (from F, line 1)")]
    [InlineData("peerchat.limits.max-line-length = 255", "config: peerchat.limits.max-line-length: must be a size from 256 B to 1023 MiB (like 64 KiB or 65536), got '255' (from F, line 1)")]
    [InlineData("peerchat.keepalive.idle = 10h", "config: peerchat.keepalive.idle: must be a duration from 1s to 32767s (like 5s or 500ms), got '10h' (from F, line 1)")]
    [InlineData("peerchat.timeouts.join = 25d", "config: peerchat.timeouts.join: must be a duration from 1s to 24d (like 5s or 500ms), got '25d' (from F, line 1)")]
    [InlineData("peerchat.keepalive.enabled = maybe", "config: peerchat.keepalive.enabled: must be on or off, got 'maybe' (from F, line 1)")]
    [InlineData("peerchat.limits.inbound-window = 0", "config: peerchat.limits.inbound-window: must be a whole number from 1 to 4096, got '0' (from F, line 1)")]
    public void Value_past_what_the_code_can_hold_is_refused_with_its_range(string hocon, string error)
    {
        Assert.Equal(error, FileError(hocon));
    }

    [Theory]
    [InlineData("peerchat.limits { outbound-high-water = 1 MiB, max-outbound-buffer = 512 KiB }",
        "config: peerchat.limits.max-outbound-buffer: (512 KiB) must be at least peerchat.limits.outbound-high-water (1 MiB): pacing starts at the high-water mark, before the drop (from F, line 1)")]
    [InlineData("peerchat.limits.max-line-length = 32 MiB",
        "config: peerchat.limits.max-outbound-buffer: (16 MiB) must be larger than peerchat.limits.max-line-length (32 MiB): a member sent one longest line would be dropped as stalled")]
    public void Rules_tying_keys_together_name_both_keys(string hocon, string error)
    {
        Assert.Equal(error, FileError(hocon));
    }

    [Fact]
    public void Binary_file_is_refused_as_not_text()
    {
        using var file = new TempConfigFile("");
        File.WriteAllBytes(file.Path, [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x00]);
        Assert.Equal($"config file '{file.Path}' is not UTF-8 text; is it the right file?", LoadError(new CommandLineOptions { ConfigFile = file.Path }));
    }

    [Fact]
    public void Valid_utf8_with_control_characters_is_refused_with_its_line()
    {
        Assert.Equal("F: line 2: control character U+0000; this is not a HOCON text file", FileError("a = 1\nb\u0000 = 2"));
    }

    [Theory]
    [InlineData("peerchat.identity.name = = x", "F: line 1: 'peerchat.identity.name' has two '=' (write peerchat.identity.name = value)")]
    [InlineData("a = 1\nb =\nc = 3", "F: line 2: 'b' has no value after the '='")]
    [InlineData("a b c", "F: line 1: 'a b c' has no '=' and no value")]
    [InlineData("a = = 1\nb {\n c = \"x\n", "F: line 1: 'a' has two '=' (write a = value); line 3: a quoted string is not closed on its line; line 2: '{' is never closed")]
    public void Every_syntax_error_is_reported_at_once_with_its_line(string hocon, string error)
    {
        Assert.Equal(error, FileError(hocon));
    }

    [Fact]
    public void Comma_after_a_closing_brace_is_valid_hocon_and_accepted()
    {
        using var file = new TempConfigFile("peerchat { identity { name = Dave }, listen { port = 6001 } }, akka.loglevel = ERROR");
        var loaded = Load(new CommandLineOptions { ConfigFile = file.Path });
        Assert.Equal(("Dave", 6001), (loaded.Settings.Name, loaded.Settings.ListenPort));
        Assert.Equal("ERROR", loaded.Config.GetString("akka.loglevel"));
    }

    [Fact]
    public void Utf8_byte_order_mark_is_skipped()
    {
        using var file = new TempConfigFile("");
        File.WriteAllBytes(file.Path, [0xEF, 0xBB, 0xBF, .. "peerchat.listen.port = 6002"u8]);
        Assert.Equal(6002, Load(new CommandLineOptions { ConfigFile = file.Path }).Settings.ListenPort);
    }

    private static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var examples = Path.Combine(dir.FullName, "hocon", "examples");
            if (Directory.Exists(examples)) return examples;
        }
        throw new InvalidOperationException("hocon/examples not found above " + AppContext.BaseDirectory);
    }
}
