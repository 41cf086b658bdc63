using System.Diagnostics;
using System.Text;

namespace PeerChat.Check.Tests;

/// <summary>The real <c>peerchat check …</c>, run to its end: exit code, standard output and standard error.</summary>
internal sealed record CheckProcess(int ExitCode, string Output, string Error)
{
    /// <summary>peerchat.dll, copied next to the tests because this project references PeerChat.App.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "peerchat.dll");

    public static async Task<CheckProcess> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CheckProcess(process.ExitCode, await output, await error);
    }
}
