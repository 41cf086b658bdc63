using PeerChat.App;

namespace PeerChat.App.Tests;

public sealed class InputTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("  spaced  ", "  spaced  ")]
    [InlineData("//etc/passwd", "/etc/passwd")]
    [InlineData("//", "/")]
    [InlineData("///x", "//x")]
    [InlineData("a /quit", "a /quit")]
    public void Plain_text_and_double_slash_lines_are_sent(string line, string sent)
    {
        Assert.Equal(new InputCommand.Say(sent), CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t ")]
    public void A_line_of_nothing_but_spaces_does_nothing(string line)
    {
        Assert.IsType<InputCommand.Blank>(CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("/PEERS")]
    [InlineData("/Peers")]
    public void Command_names_are_case_insensitive(string line)
    {
        Assert.IsType<InputCommand.Peers>(CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("/leave")]
    [InlineData("/clear")]
    [InlineData("/zip 10001")]
    public void The_screens_commands_parse_on_the_screen_and_are_unknown_headless(string line)
    {
        Assert.IsNotType<InputCommand.Invalid>(CommandParser.Parse(line, CommandSet.Screen));
        Assert.IsType<InputCommand.Invalid>(CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("/connect 127.0.0.1:5001", "127.0.0.1", 5001)]
    [InlineData("/connect   example.org:7  ", "example.org", 7)]
    [InlineData("/connect [::1]:5000", "::1", 5000)]
    public void Connect_takes_host_and_port(string line, string host, int port)
    {
        Assert.Equal(new InputCommand.Connect(host, port), CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("/connect nonsense", "/connect: 'nonsense' is not HOST:PORT (for example 127.0.0.1:5000)")]
    [InlineData("/connect", "/connect needs an address: /connect HOST:PORT, like /connect 127.0.0.1:5001")]
    [InlineData("/connect host:99999", "/connect: 'host:99999': the port must be a number from 1 to 65535")]
    [InlineData("/peers all", "/peers takes nothing after it (to ask one member: /who HOST:PORT|NAME)")]
    [InlineData("/nick", "/nick needs a name: /nick NAME, like /nick alice")]
    [InlineData("/nick   ", "/nick needs a name: /nick NAME, like /nick alice")]
    [InlineData("/quit now", "/quit takes nothing after it")]
    [InlineData("/cmd", "unknown command '/cmd' (commands: /connect HOST:PORT, /peers, /who HOST:PORT|NAME, /nick NAME, /quit, /help)")]
    [InlineData("/exit", "unknown command '/exit' (commands: /connect HOST:PORT, /peers, /who HOST:PORT|NAME, /nick NAME, /quit, /help)")]
    [InlineData("/", "unknown command '/' (commands: /connect HOST:PORT, /peers, /who HOST:PORT|NAME, /nick NAME, /quit, /help)")]
    public void Bad_commands_say_what_is_expected(string line, string error)
    {
        Assert.Equal(new InputCommand.Invalid(error), CommandParser.Parse(line, CommandSet.Headless));
    }

    [Theory]
    [InlineData("/who Bob", "Bob")]
    [InlineData("/who  127.0.0.1:5002 ", "127.0.0.1:5002")]
    [InlineData("/WHO Mary Ann", "Mary Ann")]
    public void Who_with_an_argument_asks_that_member(string line, string member)
    {
        Assert.Equal(new InputCommand.AskMember(member), CommandParser.Parse(line, CommandSet.Headless));
    }

    [Fact]
    public void Who_alone_lists_the_members_as_peers_does()
    {
        Assert.Equal(new InputCommand.Peers(PeerFilter.All), CommandParser.Parse("/who", CommandSet.Headless));
    }

    [Fact]
    public void Nick_takes_the_rest_of_the_line_as_the_name()
    {
        Assert.Equal(new InputCommand.Nick("Mary Ann"), CommandParser.Parse("/nick  Mary Ann ", CommandSet.Headless));
    }

    [Fact]
    public void Help_is_a_headless_command_too()
    {
        Assert.IsType<InputCommand.Help>(CommandParser.Parse("/help", CommandSet.Headless));
    }

    [Fact]
    public void Peers_and_quit_are_commands()
    {
        Assert.IsType<InputCommand.Peers>(CommandParser.Parse("/peers", CommandSet.Headless));
        Assert.IsType<InputCommand.Quit>(CommandParser.Parse("/quit", CommandSet.Headless));
        Assert.IsType<InputCommand.Quit>(CommandParser.Parse("/quit  ", CommandSet.Headless));
    }

    private static List<InputLine> ReadAll(string input, int maxLength = 100, int chunk = int.MaxValue)
    {
        var reader = new InputLineReader(new ChunkedReader(input, chunk), maxLength);
        var lines = new List<InputLine>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    [Fact]
    public void Lines_end_at_newline_and_lose_one_trailing_carriage_return()
    {
        Assert.Equal(["a", "b", "", "c\r", "last"], ReadAll("a\nb\r\n\nc\r\r\nlast").Select(l => l.Text));
        Assert.Empty(ReadAll(""));
        Assert.Equal([""], ReadAll("\n").Select(l => l.Text));
        Assert.Equal(["a\rb"], ReadAll("a\rb\n").Select(l => l.Text));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lines_split_across_reads_are_joined(int chunk)
    {
        Assert.Equal(["hello", "world", "x"], ReadAll("hello\r\nworld\nx", chunk: chunk).Select(l => l.Text));
    }

    [Fact]
    public void Too_long_line_is_reported_and_skipped_without_losing_the_next()
    {
        var lines = ReadAll(new string('x', 50) + "\nok\n" + new string('y', 10) + "\r\n", maxLength: 10, chunk: 7);
        Assert.Equal([new InputLine("", true), new InputLine("ok", false), new InputLine(new string('y', 10), false)], lines);
    }

    /// <summary>Hands out its text at most <c>chunk</c> characters per read, like a pipe.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }
}
