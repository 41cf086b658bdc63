using System.Globalization;
using System.Text;

namespace PeerChat.App.Tui;

/// <summary>
/// The chat transcript (<c>peerchat.transcript.path</c>): every chat line, appended with date and
/// time. The lines of a received batch go to the file in one write, flushed before the screen gets
/// them, so a flood costs a write per batch and nothing shown is lost if the program dies. The whole text is kept
/// (the screen cuts long lines), made inert like on screen so that viewing the file with
/// <c>cat</c> is as safe as the chat screen. Used from the bridge actor only.
/// </summary>
internal sealed class Transcript : IDisposable
{
    private readonly AppendFile _file;

    private Transcript(AppendFile file) => _file = file;

    public string Path => _file.Path;

    /// <summary>Opens (creating the directory if needed) for appending; the error is one line for the user.</summary>
    public static (Transcript? Transcript, string? Error) Open(string path)
    {
        try
        {
            return (new Transcript(AppendFile.Open(path)), null);
        }
        catch (Exception e) when (AppendFile.IsFileProblem(e))
        {
            return (null, $"cannot open the transcript '{path}': {e.Message.ReplaceLineEndings(" ")} (peerchat.transcript.path)");
        }
    }

    /// <summary>Appends <c>2025-06-01 12:01:05 &lt;Bob&gt; text</c> for each of <paramref name="texts"/>, in one write, and flushes them.</summary>
    public bool Write(DateTime time, string sender, IReadOnlyList<string> texts)
    {
        var prefix = string.Concat(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), " <", TextSafety.Inert(sender), "> ");
        var lines = new StringBuilder();
        foreach (var text in texts) lines.Append(prefix).Append(TextSafety.Inert(text)).Append('\n');
        try
        {
            // Whole lines in one write: a reader of the file never sees half a line.
            _file.Append(lines.ToString());
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _file.Dispose();
}
