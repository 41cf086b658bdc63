using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit.Sdk;

namespace PeerChat.Testing;

// Reading what the node sends (lines, frames, expectations, whether it closed) and ending the connection.
public sealed partial class RawPeer
{
    // ── Reading ──────────────────────────────────────────────────────────────────────────────────

    /// <summary>The next line from the node (without its line end), waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="EndOfStreamException">The node closed the connection and every line was read.</exception>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        var t = Limits.For(timeout);
        var line = await TryReadLineAsync(t);
        return line switch
        {
            { } l => l,
            null when _lines.Reader.Completion.IsCompleted => throw new EndOfStreamException($"{Label}: the node closed the connection.{Recent()}"),
            null => throw new XunitException($"{Label}: no line from the node within {EventInbox.Seconds(t)}.{Recent()}"),
        };
    }

    /// <summary>The next line, parsed as JSON.</summary>
    public async Task<JsonElement> ReadFrameAsync(TimeSpan? timeout = null)
    {
        var line = await ReadLineAsync(timeout);
        return Parse(line) ?? throw new XunitException($"{Label}: the node sent a line that is not JSON: {line}");
    }

    /// <summary>Reads frames until one of type <paramref name="type"/>, skipping others; fails on timeout or when the connection closes first.</summary>
    public async Task<JsonElement> ExpectFrameAsync(string type, TimeSpan? timeout = null)
    {
        var t = Limits.For(timeout);
        var until = DateTime.UtcNow + t;
        var skipped = new List<string>();
        while (true)
        {
            var left = until - DateTime.UtcNow;
            var line = left > TimeSpan.Zero ? await TryReadLineAsync(left) : null;
            if (line is null)
            {
                var why = _lines.Reader.Completion.IsCompleted ? "the node closed the connection first" : $"none within {EventInbox.Seconds(t)}";
                throw new XunitException($"{Label}: expected a '{type}' frame, but {why}. {Skipped(skipped)}");
            }
            if (Parse(line) is { } frame && TypeOf(frame) == type) return frame;
            skipped.Add(line);
        }
    }

    /// <summary>
    /// Fails if a frame of type <paramref name="type"/> (any line when null) arrives within <paramref name="duration"/>.
    /// Other lines read meanwhile stay queued for later reads.
    /// </summary>
    public async Task ExpectNoFrameAsync(TimeSpan duration, string? type = null)
    {
        duration = Limits.For(duration);
        var until = DateTime.UtcNow + duration;
        var kept = new List<string>();
        try
        {
            while (true)
            {
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return;
                var line = await TryReadLineAsync(left);
                if (line is null) return;
                if (type is null || (Parse(line) is { } frame && TypeOf(frame) == type))
                    throw new XunitException($"{Label}: expected no {(type is null ? "line" : $"'{type}' frame")} within {EventInbox.Seconds(duration)}, got {line}");
                kept.Add(line);
            }
        }
        finally
        {
            // Put them back in front, in order.
            var rest = _pushedBack.ToArray();
            _pushedBack.Clear();
            foreach (var l in kept.Concat(rest)) _pushedBack.Enqueue(l);
        }
    }

    /// <summary>True once the node has closed or reset this connection, waiting at most <paramref name="within"/>. Lines still queued are not consumed.</summary>
    public async Task<bool> ClosedByNodeAsync(TimeSpan within)
    {
        try
        {
            await _closedByNode.Task.WaitAsync(within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Fails unless the node closes or resets this connection within <paramref name="timeout"/>.</summary>
    public async Task ExpectClosedByNodeAsync(TimeSpan? timeout = null)
    {
        var t = Limits.For(timeout);
        if (!await ClosedByNodeAsync(t))
            throw new XunitException($"{Label}: expected the node to close the connection within {EventInbox.Seconds(t)}, it is still open.{Recent()}");
    }

    /// <summary>Stops reading the socket: the node's writes pile up in the kernel buffers, then in the node (to test stalls).</summary>
    public void PauseReading() => _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    // ── Ending ───────────────────────────────────────────────────────────────────────────────────

    /// <summary>Resets the connection (RST, no <c>leave</c>): the node sees an error close.</summary>
    public void Abort()
    {
        _stop.Cancel();
        try
        {
            _client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException) { }
        _client.Close();
    }

    /// <summary>Closes the connection gracefully (FIN, no <c>leave</c>).</summary>
    public void Close()
    {
        _stop.Cancel();
        try
        {
            _client.Client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        ResumeReading();
        _client.Dispose();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException) { }
        _stop.Dispose();
    }

    public override string ToString() => $"{Label} (local port {LocalPort})";
}
