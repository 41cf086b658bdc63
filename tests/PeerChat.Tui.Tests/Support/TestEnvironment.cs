using System.Runtime.CompilerServices;

namespace PeerChat.Tui.Tests.Support;

internal static class TestEnvironment
{
    /// <summary>Terminal.Gui's ANSI driver with no terminal: nothing read from or written to the console.</summary>
    [ModuleInitializer]
    internal static void NoRealTerminal() => Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
}
