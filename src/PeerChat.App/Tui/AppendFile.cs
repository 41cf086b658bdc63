using System.Text;

namespace PeerChat.App.Tui;

/// <summary>
/// A text file appended to in whole lines, each call one write at the current end of the file and
/// on disk before the next. Two peerchat processes sharing a file (the default log, say) append
/// their lines instead of writing over each other's.
/// </summary>
internal sealed class AppendFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _stream;

    private AppendFile(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for appending, creating it and its directory.</summary>
    /// <exception cref="IOException">And the others <see cref="FileStream"/> throws: the caller turns them into one line.</exception>
    public static AppendFile Open(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        return new AppendFile(stream, path);
    }

    /// <summary>True for the exceptions opening or writing a file throws for reasons outside the program.</summary>
    public static bool IsFileProblem(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    /// <summary>Writes <paramref name="line"/> and a newline at the end of the file, in one write.</summary>
    public void WriteLine(string line) => Append(line + "\n");

    /// <summary>Writes <paramref name="lines"/> (each ending in a newline) at the end of the file, in one write.</summary>
    public void Append(string lines)
    {
        var bytes = Utf8.GetBytes(lines);
        // The end as it is now, not where this process last wrote: another process may have appended since.
        _stream.Seek(0, SeekOrigin.End);
        _stream.Write(bytes);
        _stream.Flush();
    }

    public void Dispose()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
