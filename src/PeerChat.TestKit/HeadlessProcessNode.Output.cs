using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit;
using PeerChat.Node;
using Xunit.Sdk;

namespace PeerChat.Testing;

// The process plumbing: its standard input, its JSON Lines events and its standard error.
public sealed partial class HeadlessProcessNode
{
    // ── Process plumbing ─────────────────────────────────────────────────────────────────────────

    private void WriteLine(string line)
    {
        lock (_stdinLock)
        {
            if (_exited.IsCompleted) throw new XunitException($"{Name}: cannot write '{line}': the process has exited (code {_exited.Result}).{StderrTail()}");
            try
            {
                _process.StandardInput.Write(line + "\n");
                _process.StandardInput.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                throw new XunitException($"{Name}: cannot write '{line}' to its input: {e.Message}.{StderrTail()}");
            }
        }
    }

    private async Task<int> WatchExitAsync()
    {
        await _process.WaitForExitAsync();
        // Let the output readers deliver the last events before the exit is announced.
        await Task.WhenAny(Task.WhenAll(_stdoutReader, _stderrReader), Task.Delay(TimeSpan.FromSeconds(2)));
        var code = _process.ExitCode;
        _probe.Ref.Tell(new NodeExited(code), ActorRefs.NoSender);
        while (_peerRequests.TryDequeue(out var pending))
            pending.TrySetException(new XunitException($"{Name}: the process exited (code {code}) before answering /peers."));
        Running.TryRemove(_process.Id, out _);
        return code;
    }

    private async Task ReadStdoutAsync()
    {
        var reader = _process.StandardOutput;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                OnEvent(line);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                lock (_unreadable) _unreadable.Add(line);
                _probe.Ref.Tell(new NodeError($"unreadable output line ({e.Message}): {line}"), ActorRefs.NoSender);
            }
        }
    }

    private async Task ReadStderrAsync()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                _stderr.Enqueue(line);
                while (_stderr.Count > KeptErrorLines) _stderr.Dequeue();
            }
            try
            {
                _log?.Invoke($"[{Name} stderr] {line}");
            }
            catch (InvalidOperationException) { } // the test's output helper is gone once the test ended
        }
    }

    private void OnEvent(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        ChatEvent? chat = e.GetProperty("event").GetString() switch
        {
            "listening" => OnListening(e),
            "peer-joined" => new PeerJoined(ReadPeer(e, withProfile: true)),
            "peer-left" => new PeerLeft(ReadPeer(e, withProfile: false), ReadReason(e.GetProperty("reason").GetString())),
            "already-member" => new AlreadyMember(ReadPeer(e, withProfile: false)),
            "message" => new MessageReceived(ReadPeer(e.GetProperty("from"), withProfile: false), e.GetProperty("text").GetString() ?? ""),
            "peers" => OnPeers(e),
            "name-changed" => new NameChanged(e.GetProperty("old").GetString() ?? "", e.GetProperty("name").GetString() ?? "",
                e.GetProperty("rejoining").GetInt32(), e.GetProperty("unreachable").GetInt32()),
            "error" => new NodeError(e.GetProperty("text").GetString() ?? ""),
            "who" or "help" => null, // answers to a command the test typed itself, not chat events
            var other => new NodeError($"unknown event '{other}': {line}"),
        };
        if (chat is not null) _probe.Ref.Tell(chat, ActorRefs.NoSender);
    }

    private ChatEvent? OnListening(JsonElement e)
    {
        _listening.TrySetResult((e.GetProperty("host").GetString() ?? "127.0.0.1", e.GetProperty("port").GetInt32()));
        return null;
    }

    private ChatEvent? OnPeers(JsonElement e)
    {
        var peers = e.GetProperty("peers").EnumerateArray().Select(p => ReadPeer(p, withProfile: true)).ToArray();
        if (_peerRequests.TryDequeue(out var request)) request.TrySetResult(peers);
        return null;
    }

    private static PeerInfo ReadPeer(JsonElement p, bool withProfile) => new(
        p.GetProperty("name").GetString() ?? "",
        withProfile ? Text(p, "age") : "",
        withProfile ? Text(p, "zip") : "",
        p.GetProperty("ip").GetString() ?? "",
        ReadPort(p));

    private static int? ReadPort(JsonElement p)
    {
        if (!p.TryGetProperty("port", out var port)) return null;
        return port.ValueKind switch
        {
            JsonValueKind.Number => port.GetInt32(),
            JsonValueKind.String when int.TryParse(port.GetString(), out var n) => n,
            _ => null,
        };
    }

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()) : "";

    private static LeaveReason ReadReason(string? reason) => reason switch
    {
        "leave" => LeaveReason.Leave,
        "disconnected" => LeaveReason.Disconnected,
        "stalled" => LeaveReason.Stalled,
        "replaced" => LeaveReason.Replaced,
        _ => throw new FormatException($"unknown peer-left reason '{reason}'"),
    };

    private string StderrTail()
    {
        var lines = StandardError;
        return lines.Count == 0 ? "" : $"\n{Name} standard error (last {lines.Count} lines):\n  " + string.Join("\n  ", lines);
    }

    private string UnreadableTail()
    {
        lock (_unreadable)
            return _unreadable.Count == 0 ? "" : $"\n{Name} output lines that are not events:\n  " + string.Join("\n  ", _unreadable.TakeLast(10));
    }

    /// <summary>If the test run itself ends abruptly, no peerchat process is left behind.</summary>
    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
        };
    }
}
