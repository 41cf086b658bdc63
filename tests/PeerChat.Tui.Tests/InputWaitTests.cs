using System.Globalization;
using System.IO.Pipes;
using PeerChat.App.Tui;

namespace PeerChat.Tui.Tests;

/// <summary>The input thread's sleep (<see cref="InputWait"/>), on a real pipe in place of the terminal.</summary>
public sealed class InputWaitTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly AnonymousPipeServerStream _writer = new(PipeDirection.Out);
    private readonly InputWait _wait;

    public InputWaitTests()
    {
        _wait = InputWait.Create((int)_writer.ClientSafePipeHandle.DangerousGetHandle())!;
    }

    public void Dispose()
    {
        _wait?.Dispose();
        _writer.Dispose();
    }

    /// <summary>Runs <see cref="InputWait.Wait"/> on a thread of its own; the task gives its Linux thread id first, then the result.</summary>
    private (Task<int> Tid, Task<bool> Result) WaitOnThread()
    {
        var tid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            tid.SetResult(int.Parse(Path.GetFileName(File.ResolveLinkTarget("/proc/thread-self", false)!.FullName), CultureInfo.InvariantCulture));
            result.SetResult(_wait.Wait());
        }) { IsBackground = true };
        thread.Start();
        return (tid.Task, result.Task);
    }

    [Fact]
    public async Task A_wait_ends_when_the_terminal_has_input()
    {
        var (_, result) = WaitOnThread();
        _writer.WriteByte((byte)'a');
        _writer.Flush();
        Assert.True(await result.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_wait_ends_without_input_when_stopped_and_later_waits_end_at_once()
    {
        var (_, result) = WaitOnThread();
        _wait.Stop();
        Assert.False(await result.WaitAsync(Timeout));
        Assert.False(_wait.Wait());
    }

    [Fact]
    public async Task A_waiting_thread_is_never_woken_while_nothing_arrives()
    {
        var (tidTask, result) = WaitOnThread();
        var tid = await tidTask.WaitAsync(Timeout);
        var before = Wakeups(tid);
        // Terminal.Gui's own input loop would have woken 50 times in this second.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(result.IsCompleted);
        Assert.InRange(Wakeups(tid) - before, 0, 2); // it may still have been on its way into poll, where it sleeps once
        _wait.Stop();
        Assert.False(await result.WaitAsync(Timeout));
    }

    /// <summary>How often the thread has gone to sleep and been woken (Linux: voluntary context switches).</summary>
    private static long Wakeups(int tid) =>
        long.Parse(File.ReadLines($"/proc/self/task/{tid}/status")
            .First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
            .Split(':')[1], CultureInfo.InvariantCulture);
}
