using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PeerChat.Testing.Tests;

/// <summary>
/// The <c>```csharp</c> blocks of a Markdown file, compiled with Roslyn against the kit and everything
/// the test project references, in a project with the SDK's implicit usings (on in every new project).
/// A block is a whole file, usings included, unless its first line is <see cref="FragmentMarker"/>:
/// then it is the body of a test in a <see cref="PeerChatTestKit"/> class (async, with
/// <c>PeerChat.Node</c>, <c>PeerChat.Testing</c> and <c>Xunit</c> imported).
/// </summary>
internal static class DocBlocks
{
    public const string FragmentMarker = "// inside a test of a PeerChatTestKit class:";

    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public sealed record Block(string File, int Line, string Code)
    {
        public bool IsFragment => Code.StartsWith(FragmentMarker, StringComparison.Ordinal);
    }

    /// <summary>Every <c>```csharp</c> block of <paramref name="markdown"/>, with the line its code starts on.</summary>
    public static IReadOnlyList<Block> Extract(string file, string markdown)
    {
        var blocks = new List<Block>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp") continue;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```") end++;
            blocks.Add(new Block(file, start + 1, string.Join('\n', lines[start..end])));
            i = end;
        }
        return blocks;
    }

    /// <summary>The compiler's errors and warnings for <paramref name="block"/>, each as <c>FILE:LINE: CSxxxx message</c>; empty when it compiles.</summary>
    public static IReadOnlyList<string> Compile(Block block)
    {
        var (source, offset) = block.IsFragment
            ? ($$"""
                using PeerChat.Node;
                using PeerChat.Testing;
                using Xunit;

                public sealed class DocFragment : PeerChatTestKit
                {
                    public async Task Run()
                    {
                {{block.Code}}
                    }
                }
                """, -8)
            : (block.Code, 0);
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, options, path: block.File),
            CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), options),
        };
        var compilation = CSharpCompilation.Create(
            "DocBlock",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        return result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree == trees[0])
            .Select(d => $"{block.File}:{block.Line + d.Location.GetLineSpan().StartLinePosition.Line + offset}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToArray();
    }

    /// <summary>The repository's root: the folder above the tests that holds PeerChat.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PeerChat.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no PeerChat.sln above {AppContext.BaseDirectory}");
    }

    // The runtime's assemblies and the test's own dependencies (the kit, Akka, xUnit): what a project referencing the kit sees.
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return [.. platform.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Where(IsManagedAssembly)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
