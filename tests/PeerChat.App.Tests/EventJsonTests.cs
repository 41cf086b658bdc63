using System.Text.Json;
using PeerChat.App;
using PeerChat.Node;

namespace PeerChat.App.Tests;

public sealed class EventJsonTests
{
    private static readonly PeerInfo Bob = new("Bob", "15", "12345", "127.0.0.1", 1234);

    [Fact]
    public void Listening_has_host_and_numeric_port()
    {
        Assert.Equal("""{"event":"listening","host":"0.0.0.0","port":5000}""", EventJson.ToLine(new Listening("0.0.0.0", 5000)));
    }

    [Fact]
    public void Peer_joined_has_the_whole_profile()
    {
        Assert.Equal("""{"event":"peer-joined","name":"Bob","age":"15","zip":"12345","ip":"127.0.0.1","port":1234}""",
            EventJson.ToLine(new PeerJoined(Bob)));
    }

    [Fact]
    public void Unknown_port_is_null()
    {
        Assert.Equal("""{"event":"peer-joined","name":"Bob","age":"15","zip":"12345","ip":"127.0.0.1","port":null}""",
            EventJson.ToLine(new PeerJoined(Bob with { Port = null })));
    }

    [Theory]
    [InlineData(LeaveReason.Leave, "leave")]
    [InlineData(LeaveReason.Disconnected, "disconnected")]
    [InlineData(LeaveReason.Stalled, "stalled")]
    public void Peer_left_has_its_reason(LeaveReason reason, string wire)
    {
        Assert.Equal($$"""{"event":"peer-left","name":"Bob","ip":"127.0.0.1","port":1234,"reason":"{{wire}}"}""",
            EventJson.ToLine(new PeerLeft(Bob, reason)));
    }

    [Fact]
    public void Message_has_its_sender_and_text()
    {
        Assert.Equal("""{"event":"message","from":{"name":"Bob","ip":"127.0.0.1","port":1234},"text":"Hello"}""",
            EventJson.ToLine(new ReceivedLine(Bob, "Hello")));
    }

    [Fact]
    public void Peers_lists_every_profile()
    {
        var carol = new PeerInfo("Carol", "27", "02139", "10.0.0.3", null);
        Assert.Equal("""{"event":"peers","peers":[{"name":"Bob","age":"15","zip":"12345","ip":"127.0.0.1","port":1234},{"name":"Carol","age":"27","zip":"02139","ip":"10.0.0.3","port":null}]}""",
            EventJson.ToLine(new PeerList([Bob, carol])));
        Assert.Equal("""{"event":"peers","peers":[]}""", EventJson.ToLine(new PeerList([])));
    }

    [Fact]
    public void Join_failure_and_input_errors_are_error_events()
    {
        Assert.Equal("""{"event":"error","text":"cannot join 127.0.0.1:5001: connection refused"}""",
            EventJson.ToLine(new JoinFailed("127.0.0.1:5001", "connection refused")));
        Assert.Equal("""{"event":"error","text":"nope"}""", EventJson.ToLine(new ShowError("nope")));
    }

    [Fact]
    public void Sent_messages_left_network_and_listen_failures_are_not_lines()
    {
        Assert.Null(EventJson.ToLine(new MessageSent("x", 2)));
        Assert.Null(EventJson.ToLine(new LeftNetwork(2)));
        Assert.Null(EventJson.ToLine(new ListenFailed("0.0.0.0", 1, "in use")));
        Assert.False(EventJson.Shows(new MessageSent("x", 2)));
        Assert.True(EventJson.Shows(new PeerJoined(Bob)));
    }

    [Theory]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("line\nbreak\r\ttab\u0000nul\u001f")]
    [InlineData("<script>&'</script>")]
    [InlineData("Zoë 中文 😀 \u2028")]
    public void Text_is_escaped_as_json_and_reads_back_the_same(string text)
    {
        var line = EventJson.ToLine(new ReceivedLine(Bob with { Name = text }, text))!;
        Assert.DoesNotContain('\n', line);
        using var doc = JsonDocument.Parse(line);
        Assert.Equal(text, doc.RootElement.GetProperty("text").GetString());
        Assert.Equal(text, doc.RootElement.GetProperty("from").GetProperty("name").GetString());
    }

    [Fact]
    public void Non_ascii_text_stays_readable()
    {
        Assert.Contains("Zoë 中文", EventJson.ToLine(new ReceivedLine(Bob, "Zoë 中文")));
    }

    [Fact]
    public void Emoji_and_other_non_ascii_text_are_written_as_raw_UTF8()
    {
        Assert.Equal("{\"event\":\"message\",\"from\":{\"name\":\"Zoë 😀\",\"ip\":\"127.0.0.1\",\"port\":1234},\"text\":\"👍🏽 \u2028 \u00AD\"}",
            EventJson.ToLine(new ReceivedLine(Bob with { Name = "Zoë 😀" }, "👍🏽 \u2028 \u00AD")));
    }

    [Fact]
    public void Only_quotes_backslashes_and_control_characters_are_escaped()
    {
        Assert.Equal("{\"event\":\"error\",\"text\":\"a\\\"b\\\\c\\nd\\u0001e\u007F\"}", EventJson.ToLine(new ShowError("a\"b\\c\nd\u0001e\u007F")));
    }

    [Fact]
    public void Text_of_100000_emoji_is_written_whole_and_raw()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 100_000));

        var line = EventJson.ToLine(new ReceivedLine(Bob, text))!;

        Assert.Equal("{\"event\":\"message\",\"from\":{\"name\":\"Bob\",\"ip\":\"127.0.0.1\",\"port\":1234},\"text\":\"" + text + "\"}", line);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        var line = EventJson.ToLine(new ReceivedLine(Bob, "a\uD800b\uDC00c😀"))!;
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("a\uFFFDb\uFFFDc😀", doc.RootElement.GetProperty("text").GetString());
    }
}
