using System.Diagnostics;
using System.Text;

namespace PeerChat.Load;

/// <summary>How the tool starts a built .NET program (peerchat, peerchat-ceiling) as a child process with all three standard streams piped.</summary>
public static class ChildProgram
{
    /// <summary>
    /// Execs the program's own launcher (<c>peerchat</c> next to <c>peerchat.dll</c>), as a user runs the
    /// built program; <c>dotnet program.dll</c> where there is none.
    /// </summary>
    public static ProcessStartInfo StartInfo(string dll)
    {
        string launcher = Path.ChangeExtension(dll, null);
        bool hasLauncher = !OperatingSystem.IsWindows() && File.Exists(launcher);
        var info = new ProcessStartInfo
        {
            FileName = hasLauncher ? launcher : "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (!hasLauncher) info.ArgumentList.Add(dll);
        return info;
    }

    /// <summary>A program built next to the load tool (through its project references).</summary>
    public static string Beside(string dllName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dllName);
        if (File.Exists(path)) return path;
        throw new FileNotFoundException($"{dllName} is not next to the load tool ({AppContext.BaseDirectory}); build bench/PeerChat.Load");
    }
}
