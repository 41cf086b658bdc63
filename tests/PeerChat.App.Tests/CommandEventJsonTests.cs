using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

/// <summary>The headless events of <c>/nick</c>, <c>/who</c> and <c>/help</c>, as README's contract shows them.</summary>
public sealed class CommandEventJsonTests
{
    private static readonly PeerInfo Bob = new("Bob", "15", "12345", "127.0.0.1", 5002);

    [Fact]
    public void Name_changed_has_the_old_and_new_name_and_how_many_members_are_joined_again()
    {
        Assert.Equal("""{"event":"name-changed","old":"Alice","name":"Alicia","rejoining":2,"unreachable":1}""",
            EventJson.ToLine(new NameChanged("Alice", "Alicia", 2, 1)));
    }

    [Fact]
    public void A_refused_name_is_an_error_event_naming_the_command()
    {
        Assert.Equal("""{"event":"error","text":"/nick: a name cannot be empty"}""", EventJson.ToLine(new NameRefused(" ", "a name cannot be empty")));
    }

    [Fact]
    public void A_member_list_names_the_member_and_each_listed_address_with_the_name_known_here_or_null()
    {
        var listed = new MemberListed(Bob, [new ListedPeer("127.0.0.1", 5003, "Carol"), new ListedPeer("10.0.0.9", 7000, null)]);

        Assert.Equal("""{"event":"who","member":{"name":"Bob","ip":"127.0.0.1","port":5002},"peers":[{"ip":"127.0.0.1","port":5003,"name":"Carol"},{"ip":"10.0.0.9","port":7000,"name":null}]}""",
            EventJson.ToLine(listed));
    }

    [Fact]
    public void A_member_list_that_failed_is_an_error_event_naming_the_command()
    {
        Assert.Equal("""{"event":"error","text":"/who: no member is called Zed (/peers lists the members)"}""",
            EventJson.ToLine(new MemberListFailed("Zed", "no member is called Zed (/peers lists the members)")));
    }

    [Fact]
    public void Help_lists_every_headless_command_with_its_usage_and_meaning()
    {
        var line = EventJson.ToLine(new HelpListed(CommandSet.Headless.HelpLines))!;

        Assert.StartsWith("""{"event":"help","commands":[{"usage":"/connect HOST:PORT","meaning":"joins that member's network"}""", line);
        foreach (var usage in new[] { "/peers", "/who HOST:PORT|NAME", "/nick NAME", "/quit", "/help", "//text" })
            Assert.Contains($"\"usage\":\"{usage}\"", line);
        Assert.DoesNotContain("/clear", line);
    }
}
