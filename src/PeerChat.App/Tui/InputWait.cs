using System.Runtime.InteropServices;

namespace PeerChat.App.Tui;

/// <summary>
/// A thread's sleep until a file descriptor (the terminal) has input or <see cref="Stop"/> is called:
/// one <c>poll(2)</c> on the descriptor and on a pipe of its own, no timeout. While nothing arrives the
/// thread is never woken, where a loop that checks and sleeps wakes every time round.
/// Unix only (<see cref="Create"/> returns null elsewhere).
/// </summary>
internal sealed class InputWait : IDisposable
{
    private const short PollIn = 0x1;
    private const int Interrupted = 4; // EINTR: a signal came in while poll slept; sleep again

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int poll([In, Out] PollFd[] fds, nuint count, int timeoutMs);

    [DllImport("libc", SetLastError = true)]
    private static extern int pipe([Out] int[] fds);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    private readonly PollFd[] _fds;
    private readonly int _stopWrite;
    private int _stopped;
    private int _disposed;

    private InputWait(int fd, int stopRead, int stopWrite)
    {
        _fds = [new PollFd { Fd = fd, Events = PollIn }, new PollFd { Fd = stopRead, Events = PollIn }];
        _stopWrite = stopWrite;
    }

    /// <summary>A wait on <paramref name="fd"/>; null where there is no <c>poll(2)</c> or no pipe could be made.</summary>
    public static InputWait? Create(int fd)
    {
        if (OperatingSystem.IsWindows()) return null;
        var ends = new int[2];
        try
        {
            if (pipe(ends) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return new InputWait(fd, ends[0], ends[1]);
    }

    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>
    /// Sleeps until the descriptor is readable (true; also when it has hung up, so the reader sees
    /// the end) or until stopped (false). Returns false at once once stopped.
    /// </summary>
    public bool Wait()
    {
        while (!Stopped)
        {
            _fds[0].Returned = 0;
            _fds[1].Returned = 0;
            if (poll(_fds, (nuint)_fds.Length, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted) continue;
                return false;
            }
            if (_fds[1].Returned != 0) return false;
            if (_fds[0].Returned != 0) return true;
        }
        return false;
    }

    /// <summary>Ends the current <see cref="Wait"/> and every later one; any thread, any number of times.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || Volatile.Read(ref _disposed) != 0) return;
        _ = write(_stopWrite, [1], 1); // one byte into an empty pipe: it cannot block or fill
    }

    /// <summary>Closes the pipe (not the descriptor waited on); call once no thread waits any more.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // A close that fails leaves nothing to undo; the descriptors are gone either way.
        _ = close(_fds[1].Fd);
        _ = close(_stopWrite);
    }
}
