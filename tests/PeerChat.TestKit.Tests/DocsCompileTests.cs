namespace PeerChat.Testing.Tests;

/// <summary>Every C# block in the README and docs/testkit.md compiles as written (see <see cref="DocBlocks"/> for the fragment marker).</summary>
public sealed class DocsCompileTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/testkit.md")]
    public void Every_csharp_block_compiles_as_written(string file)
    {
        var blocks = DocBlocks.Extract(file, File.ReadAllText(Path.Combine(DocBlocks.RepositoryRoot(), file)));

        Assert.NotEmpty(blocks);
        var errors = blocks.SelectMany(DocBlocks.Compile).ToArray();
        Assert.True(errors.Length == 0, $"{errors.Length} problems in {file}'s C# blocks:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_with_its_line_in_the_markdown()
    {
        var markdown = "# Title\n\ntext\n\n```csharp\n" + DocBlocks.FragmentMarker + "\nvar node = await StartNodeAsync(\"a\");\nnode.Shout(\"hi\");\n```\n";

        var block = Assert.Single(DocBlocks.Extract("doc.md", markdown));
        var error = Assert.Single(DocBlocks.Compile(block));

        Assert.StartsWith("doc.md:8: CS1061 'ChatNodeHandle' does not contain a definition for 'Shout'", error);
    }

    [Fact]
    public void A_whole_file_block_needs_its_own_usings()
    {
        var markdown = "```csharp\npublic sealed class T : PeerChatTestKit { }\n```\n";

        var error = Assert.Single(DocBlocks.Compile(Assert.Single(DocBlocks.Extract("doc.md", markdown))));

        Assert.StartsWith("doc.md:2: CS0246 The type or namespace name 'PeerChatTestKit' could not be found", error);
    }
}
