using System.Runtime.InteropServices;

namespace PeerChat.App;

/// <summary>
/// Completes when the user wants to quit: <c>/quit</c>, end of input, Ctrl-C (SIGINT) or SIGTERM.
/// From construction to <see cref="Dispose"/> the signals are caught, so quitting can say <c>leave</c>
/// to every peer first; a second Ctrl-C while quitting is not caught and ends the process at once.
/// </summary>
internal sealed class QuitRequest : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration? _sigterm;

    public QuitRequest()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
        }
        catch (PlatformNotSupportedException)
        {
            _sigterm = null;
        }
    }

    public Task Requested => _requested.Task;

    public void Request() => _requested.TrySetResult();

    private void OnSigterm(PosixSignalContext context)
    {
        context.Cancel = true;
        Request();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = !_requested.Task.IsCompleted;
        Request();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
    }
}
