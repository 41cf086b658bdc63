using PeerChat.Protocol;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using PeerChat.Node;

namespace PeerChat.App;

/// <summary>
/// <c>peerchat --headless</c>: runs a node with JSON-lines events on standard output and commands on
/// standard input until the user quits; then leaves the network, writes out every event and stops.
/// </summary>
internal static class HeadlessSession
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(1);

    /// <returns>The exit code: 0 after quitting, 2 when the node cannot listen or the actor system cannot start.</returns>
    public static async Task<int> RunAsync(LoadedConfig config, TextReader stdin, Stream stdout, TextWriter stderr)
    {
        var settings = config.Settings with { Paced = true }; // the front end confirms what it writes
        using var quit = new QuitRequest();

        if (BindProblem(settings.ListenHost, settings.ListenPort) is { } problem)
        {
            stderr.WriteLine($"peerchat: cannot listen on {HostPort.Format(settings.ListenHost, settings.ListenPort)}: {problem}");
            return 2;
        }

        NodeHost host;
        try
        {
            host = NodeHost.Create("peerchat", config.Config, settings);
        }
        catch (Exception e)
        {
            stderr.WriteLine($"peerchat: config: cannot start: {OneLine.Of(e.Message)}");
            return 2;
        }

        var status = new HeadlessStatus();
        var frontEnd = host.System.ActorOf(HeadlessFrontEnd.Props(stdout, stderr, status), "headless");
        host.System.EventStream.Subscribe(frontEnd, typeof(ChatEvent));
        // Quitting leaves first (the host's own step); then every event published so far is written out.
        host.OnQuit(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "flush-output", async () =>
        {
            try
            {
                await frontEnd.Ask<OutputFlushed>(FlushOutput.Instance, FlushTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
            }
        });
        var node = host.StartNode();

        var first = await Task.WhenAny(status.Listening, status.ListenFailed, quit.Requested).ConfigureAwait(false);
        if (first == status.ListenFailed)
        {
            await host.QuitAsync().ConfigureAwait(false);
            return 2;
        }
        if (first == status.Listening)
        {
            // Only now: the listening event is the first line, before any error a bad input line causes.
            var input = new StdinReader(stdin, node, frontEnd, settings, quit.Request);
            input.Start();
            StartGarbage.Collect();
            await Task.WhenAny(quit.Requested, status.OutputClosed).ConfigureAwait(false);
            await input.StopAsync(settings.QuitTimeout).ConfigureAwait(false); // lines read so far reach the node first
        }
        // else quit before the node was listening: it handles LeaveNetwork once bound
        await host.QuitAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Why the node could not bind its listen address, found out before Akka.IO tries (and logs the
    /// failure with a stack trace); null when it looks free or the node should judge (a host
    /// that is not an IP address). Only a check: the node's own bind still reports <see cref="ListenFailed"/>.
    /// </summary>
    public static string? BindProblem(string host, int port)
    {
        if (!IPAddress.TryParse(host, out var ip)) return null;
        try
        {
            using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As lenient as a listener: a port whose old connections linger in TIME_WAIT counts as free.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(ip, port));
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }


}
