using PeerChat.App;

namespace PeerChat.App.Tests;

/// <summary>README's command tables are the ones <c>/help</c> prints: written from the one command table.</summary>
public sealed class CommandTableTests
{
    [Theory]
    [InlineData("chat screen")]
    [InlineData("headless")]
    public void Readme_command_table_is_the_one_the_command_set_writes(string frontEnd)
    {
        var set = frontEnd == "headless" ? CommandSet.Headless : CommandSet.Screen;
        var readme = File.ReadAllText(Path.Combine(ConfigSchemaTests.RepoRoot(), "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(set.Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(set.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md has no {frontEnd} command table; put this in it:\n{set.Markdown()}");
        var actual = readme[begin..(end + set.End.Length + 1)];
        Assert.True(actual == set.Markdown(), $"README.md's {frontEnd} command table differs from CommandSet; it should read:\n{set.Markdown()}");
    }
}
