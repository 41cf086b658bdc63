namespace PeerChat.App.Tests;

/// <summary>A HOCON file in the temp directory, deleted on dispose.</summary>
public sealed class TempConfigFile : IDisposable
{
    public TempConfigFile(string hocon)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"peerchat-test-{Guid.NewGuid():N}.conf");
        File.WriteAllText(Path, hocon);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
