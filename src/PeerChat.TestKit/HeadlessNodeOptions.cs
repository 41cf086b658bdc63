namespace PeerChat.Testing;

/// <summary>How to start a <see cref="HeadlessProcessNode"/>.</summary>
public sealed record HeadlessNodeOptions
{
    /// <summary>
    /// The program: a <c>peerchat.dll</c> (run with <c>dotnet</c>) or an executable. When null:
    /// the <c>PEERCHAT_DLL</c> environment variable, else <c>peerchat.dll</c> next to the test
    /// assembly (there when the test project references <c>src/PeerChat.App/PeerChat.App.csproj</c>).
    /// </summary>
    public string? Program { get; init; }

    /// <summary>HOCON written to a temporary file and passed as <c>--config</c> (removed on dispose).</summary>
    public string HoconOverrides { get; init; } = "";

    /// <summary>More command-line arguments, after <c>--headless --port 0 --host 127.0.0.1 --name NAME</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables to set for the process (inherited <c>PEERCHAT_*</c> settings are removed first).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the process may take to print its <c>listening</c> event (default <see cref="PeerChatTimeouts.ProcessStart"/>).</summary>
    public TimeSpan? StartTimeout { get; init; }
}
