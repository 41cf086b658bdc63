using PeerChat.App.Tui;

namespace PeerChat.Tui.Tests;

/// <summary>Tab completes what fits where the cursor is: commands, names, addresses, or nothing.</summary>
public sealed class CompletionTests
{
    private static readonly string[] Names = ["Bob", "Carol"];
    private static readonly string[] Addresses = ["127.0.0.1:5002", "127.0.0.1:5003"];

    private static (string Text, int Cursor)? Tab(string text, int? cursor = null) =>
        new TabCompleter().Complete(text, cursor ?? text.Length, Names, Addresses);

    [Fact]
    public void A_name_at_the_start_of_a_line_gets_a_colon() => Assert.Equal(("Carol: ", 7), Tab("ca"));

    [Fact]
    public void A_name_inside_text_gets_a_space() => Assert.Equal(("thanks Bob ", 11), Tab("thanks b"));

    [Fact]
    public void A_command_is_completed_after_a_slash_at_the_start() => Assert.Equal(("/nick ", 6), Tab("/ni"));

    [Fact]
    public void The_new_commands_complete_too()
    {
        Assert.Equal(("/clear ", 7), Tab("/cl"));
        Assert.Equal(("/who ", 5), Tab("/wh"));
    }

    [Fact]
    public void After_who_a_member_name_completes() => Assert.Equal(("/who Carol ", 11), Tab("/who ca"));

    [Fact]
    public void After_who_a_member_address_completes() => Assert.Equal(("/who 127.0.0.1:5002 ", 20), Tab("/who 127.0.0.1:50"));

    [Fact]
    public void After_connect_an_address_completes_and_a_name_does_not()
    {
        Assert.Equal(("/connect 127.0.0.1:5002 ", 24), Tab("/connect 127.0"));
        Assert.Null(Tab("/connect bo"));
    }

    [Theory]
    [InlineData("/zip ")]
    [InlineData("/zip 1")]
    [InlineData("/age ")]
    [InlineData("/age 3")]
    [InlineData("/nick b")]
    public void Nothing_completes_after_commands_that_take_a_number_or_a_new_name(string typed) => Assert.Null(Tab(typed));

    [Fact]
    public void Nothing_completes_after_the_first_argument_of_who() => Assert.Null(Tab("/who Bob ca"));

    [Fact]
    public void A_line_starting_with_two_slashes_is_chat_and_completes_names() => Assert.Equal(("//slash Bob ", 12), Tab("//slash b"));

    [Fact]
    public void Tab_again_cycles_through_the_matching_addresses()
    {
        var c = new TabCompleter();
        var first = c.Complete("/who 127", 8, Names, Addresses)!.Value;
        Assert.Equal("/who 127.0.0.1:5002 ", first.Text);
        Assert.Equal("/who 127.0.0.1:5003 ", c.Complete(first.Text, first.Cursor, Names, Addresses)!.Value.Text);
    }
}
