using PeerChat.App;

namespace PeerChat.App.Tests;

public sealed class CommandLineTests
{
    private static CommandLineOptions Run(params string[] args) =>
        Assert.IsType<CommandLineResult.Run>(CommandLine.Parse(args)).Options;

    private static string Invalid(params string[] args) =>
        Assert.IsType<CommandLineResult.Invalid>(CommandLine.Parse(args)).Message;

    [Fact]
    public void No_arguments_set_nothing_and_are_not_headless()
    {
        var o = Run();
        Assert.Equal(new CommandLineOptions(), o with { Connect = [] });
        Assert.Empty(o.Connect);
        Assert.False(o.Headless);
    }

    [Fact]
    public void Every_option_with_a_separate_value_is_read()
    {
        var o = Run("--config", "a.conf", "--name", "Bob", "--age", "15", "--zip", "01234", "--host", "127.0.0.1", "--port", "5002",
            "--connect", "127.0.0.1:5001", "--headless");
        Assert.Equal("a.conf", o.ConfigFile);
        Assert.Equal("Bob", o.Name);
        Assert.Equal("15", o.Age);
        Assert.Equal("01234", o.Zip); // a string: leading zeros stay
        Assert.Equal("127.0.0.1", o.Host);
        Assert.Equal(5002, o.Port);
        Assert.Equal(["127.0.0.1:5001"], o.Connect);
        Assert.True(o.Headless);
    }

    [Fact]
    public void Every_option_accepts_the_equals_form()
    {
        var o = Run("--config=a.conf", "--name=Bob Smith", "--age=15", "--zip=12345", "--host=0.0.0.0", "--port=0", "--connect=[::1]:5001");
        Assert.Equal("a.conf", o.ConfigFile);
        Assert.Equal("Bob Smith", o.Name);
        Assert.Equal("15", o.Age);
        Assert.Equal("12345", o.Zip);
        Assert.Equal("0.0.0.0", o.Host);
        Assert.Equal(0, o.Port);
        Assert.Equal(["[::1]:5001"], o.Connect);
    }

    [Fact]
    public void Equals_form_keeps_everything_after_the_first_equals_sign()
    {
        Assert.Equal("a=b", Run("--name=a=b").Name);
    }

    [Fact]
    public void Connect_repeats_and_keeps_its_order()
    {
        var o = Run("--connect", "127.0.0.1:5001", "--connect=10.0.0.2:6000", "--connect", "example.org:7");
        Assert.Equal(["127.0.0.1:5001", "10.0.0.2:6000", "example.org:7"], o.Connect);
    }

    [Fact]
    public void A_repeated_single_value_option_takes_the_last_value()
    {
        Assert.Equal("B", Run("--name", "A", "--name", "B").Name);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_is_recognised_even_with_other_options(string help)
    {
        Assert.IsType<CommandLineResult.Help>(CommandLine.Parse([help]));
        Assert.IsType<CommandLineResult.Help>(CommandLine.Parse(["--port", "abc", help]));
    }

    [Fact]
    public void Help_lists_every_option_with_its_value_name_then_the_settings_order()
    {
        foreach (var option in new[] { "--config <FILE>", "--name <NAME>", "--age <N>", "--zip <N>", "--host <ADDR>", "--port <N>",
                     "--connect <HOST:PORT>", "--log-level <LEVEL>", "--headless", "--help", "--version" })
            Assert.Contains(option, CommandLine.Usage);
        Assert.EndsWith(CommandLine.Epilogue, CommandLine.Usage);
    }

    [Fact]
    public void Version_is_the_informational_version()
    {
        Assert.IsType<CommandLineResult.Version>(CommandLine.Parse(["--version"]));
        Assert.StartsWith("0.1.0", CommandLine.Version);
    }

    [Fact]
    public void Version_with_other_options_is_an_error()
    {
        Assert.Equal("option '--version' goes alone (see peerchat --help)", Invalid("--version", "--port", "1"));
    }

    [Fact]
    public void Unknown_option_is_named_with_the_nearest_known_one()
    {
        Assert.Equal("unknown option '--prot'; did you mean --port? (see peerchat --help)", Invalid("--prot", "5"));
        Assert.Equal("unknown option '--prot'; did you mean --port? (see peerchat --help)", Invalid("--prot=5"));
        Assert.Equal("unknown option '--headles'; did you mean --headless? (see peerchat --help)", Invalid("--headles"));
    }

    [Fact]
    public void Unknown_option_far_from_any_known_one_is_only_named()
    {
        Assert.Equal("unknown option '-x' (see peerchat --help)", Invalid("-x"));
        Assert.Equal("unknown option '--colour' (see peerchat --help)", Invalid("--colour", "red"));
    }

    [Fact]
    public void Positional_argument_is_rejected()
    {
        Assert.Equal("unexpected argument 'alice'; options start with -- (see peerchat --help)", Invalid("alice"));
    }

    [Theory]
    [InlineData("--name")]
    [InlineData("--config")]
    [InlineData("--port")]
    [InlineData("--connect")]
    [InlineData("--log-level")]
    public void Option_without_its_value_is_an_error(string flag)
    {
        Assert.StartsWith($"option '{flag}' needs a value", Invalid(flag));
        Assert.StartsWith($"option '{flag}' needs a value", Invalid(flag, "--headless"));
        Assert.StartsWith($"option '{flag}' needs a value", Invalid($"{flag}="));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("5x")]
    [InlineData("99999999999")]
    public void Bad_port_is_an_error(string port)
    {
        Assert.Equal($"option '--port' needs a number from 0 to 65535, got '{port}' (see peerchat --help)", Invalid($"--port={port}"));
    }

    [Theory]
    [InlineData("--age", "x")]
    [InlineData("--age", "1.5")]
    [InlineData("--zip", "12-345")]
    [InlineData("--zip", " 1")]
    public void Non_digit_age_or_zip_is_an_error(string flag, string value)
    {
        Assert.StartsWith($"option '{flag}' needs", Invalid(flag, value));
        Assert.Contains($"got '{value}'", Invalid(flag, value));
    }

    [Fact]
    public void Bad_connect_address_says_what_is_expected()
    {
        Assert.Equal("option '--connect': 'nonsense' is not HOST:PORT (for example 127.0.0.1:5000) (see peerchat --help)", Invalid("--connect", "nonsense"));
    }

    [Fact]
    public void Switch_with_a_value_is_an_error()
    {
        Assert.Equal("option '--headless' takes no value (see peerchat --help)", Invalid("--headless=yes"));
    }

    [Theory]
    [InlineData("debug", "DEBUG")]
    [InlineData("INFO", "INFO")]
    [InlineData("Warning", "WARNING")]
    [InlineData("warn", "WARNING")]
    [InlineData("error", "ERROR")]
    [InlineData("off", "OFF")]
    public void Log_level_is_read_in_any_case_as_akka_spells_it(string given, string akka)
    {
        Assert.Equal(akka, Run("--log-level", given).LogLevel);
        Assert.Equal(akka, Run($"--log-level={given}").LogLevel);
    }

    [Fact]
    public void Log_level_is_not_set_unless_given()
    {
        Assert.Null(Run().LogLevel);
        Assert.False(ConfigLoader.FlagsLayer(new CommandLineOptions()).HasPath("akka.loglevel"));
    }

    [Fact]
    public void Log_level_becomes_akka_loglevel_over_the_config_file()
    {
        Assert.Equal("DEBUG", ConfigLoader.FlagsLayer(Run("--log-level", "debug")).GetString("akka.loglevel"));
        var loaded = ConfigLoader.Load(Run("--log-level", "error"), new Dictionary<string, string>());
        Assert.Equal("ERROR", loaded.Loaded!.Config.GetString("akka.loglevel"));
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("3")]
    public void Unknown_log_level_lists_the_ones_there_are(string level)
    {
        Assert.Equal($"option '--log-level' needs one of debug, info, warning, error, off; got '{level}' (see peerchat --help)", Invalid($"--log-level={level}"));
    }

    [Fact]
    public void Switch_with_a_value_after_a_space_is_a_stray_argument()
    {
        Assert.Equal("unexpected argument 'yes'; options start with -- (see peerchat --help)", Invalid("--headless", "yes"));
    }
}
