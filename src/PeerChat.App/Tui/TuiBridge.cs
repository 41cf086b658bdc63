using Akka.Actor;
using Akka.Event;
using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// Between the node and the chat screen. Subscribed to <see cref="ChatEvent"/> on the EventStream
/// (by the session, before the node starts), it writes chat lines to the transcript (a received batch
/// in one write) and hands every event to the UI through an <see cref="EventBatcher"/>: one
/// <c>app.Invoke</c> per batch, never one per event, and never waiting for the UI. A received batch
/// stays one item all the way: the screen walks its lines. It also carries the screen's questions to the node
/// (<c>/peers</c>, <c>/who</c>, <c>/nick</c>) and the answers back.
/// </summary>
internal sealed class TuiBridge : ReceiveActor
{
    /// <summary>The node to ask; sent once it is started.</summary>
    public sealed record UseNode(IActorRef Node);

    /// <summary>List the members matching <paramref name="Filter"/> on screen.</summary>
    public sealed record AskPeers(PeerFilter Filter);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<PeerFilter> _peerQuestions = new();
    private IActorRef _node = ActorRefs.Nobody;

    public TuiBridge(EventBatcher batcher, TuiStartup startup, Transcript? transcript, string ownName, Func<DateTime>? clock = null)
    {
        var now = clock ?? (() => DateTime.Now);
        var recordedName = ownName; // our own lines go into the transcript under the name they were sent with
        var transcriptBroken = false;

        void Record(string sender, IReadOnlyList<string> texts)
        {
            if (transcript is null || transcriptBroken) return;
            if (transcript.Write(now(), sender, texts)) return;
            transcriptBroken = true;
            _log.Warning("the transcript {0} cannot be written any more; chat goes on without it", transcript.Path);
            batcher.Add(new TranscriptFailed(transcript.Path));
        }

        Receive<UseNode>(m => _node = m.Node);
        Receive<Listening>(e =>
        {
            startup.SetListening(e);
            batcher.Add(e);
        });
        Receive<ListenFailed>(e =>
        {
            startup.SetListenFailed(e);
            batcher.Add(e);
        });
        Receive<MessagesReceived>(batch =>
        {
            Record(batch.From.Name, batch.Texts);
            batcher.Add(batch); // confirmed once the screen has applied it (ShownBatches)
        });
        Receive<MessageSent>(e =>
        {
            Record(recordedName, [e.Text]);
            batcher.Add(e);
        });
        Receive<NameChanged>(e =>
        {
            recordedName = e.NewName;
            batcher.Add(e);
        });
        Receive<ChatEvent>(batcher.Add);
        // The node's answers to /nick and /who HOST:PORT|NAME, asked with the bridge as sender.
        Receive<NameRefused>(batcher.Add);
        Receive<MemberListed>(batcher.Add);
        Receive<MemberListFailed>(batcher.Add);
        Receive<AskPeers>(m =>
        {
            _peerQuestions.Enqueue(m.Filter);
            _node.Tell(ListPeers.Instance);
        });
        Receive<PeerList>(list =>
        {
            var filter = _peerQuestions.TryDequeue(out var f) ? f : PeerFilter.All;
            batcher.Add(new PeersListed(list.Peers, filter));
        });
        Receive<LeaveCompleted>(_ => { }); // LeftNetwork (an event) already said so on screen
    }

    public static Props Props(EventBatcher batcher, TuiStartup startup, Transcript? transcript, string ownName, Func<DateTime>? clock = null) =>
        Akka.Actor.Props.Create(() => new TuiBridge(batcher, startup, transcript, ownName, clock));
}

/// <summary>A node started with the chat screen's bridge attached, and what the screen needs of both.</summary>
internal sealed record BridgedNode(EventBatcher Batcher, TuiStartup Startup, IActorRef Bridge, IActorRef Node)
{
    /// <summary>Starts <paramref name="host"/>'s node (created with <see cref="NodeSettings.Paced"/>: the screen confirms what it shows) with the bridge subscribed first.</summary>
    public static BridgedNode Start(NodeHost host, Transcript? transcript)
    {
        var batcher = new EventBatcher();
        var startup = new TuiStartup();
        var bridge = host.System.ActorOf(TuiBridge.Props(batcher, startup, transcript, host.Settings.Name), "tui");
        // Subscribed before the node exists, so not even its first event can be missed.
        host.System.EventStream.Subscribe(bridge, typeof(ChatEvent));
        var node = host.StartNode();
        bridge.Tell(new TuiBridge.UseNode(node));
        return new BridgedNode(batcher, startup, bridge, node);
    }
}

/// <summary>The transcript could not be written; the screen says so once.</summary>
internal sealed record TranscriptFailed(string Path);

/// <summary>How the bridge tells the session whether the node is listening, before the screen opens.</summary>
internal sealed class TuiStartup
{
    private readonly TaskCompletionSource<Listening> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ListenFailed> _listenFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Listening> Listening => _listening.Task;
    public Task<ListenFailed> ListenFailed => _listenFailed.Task;

    internal void SetListening(Listening e) => _listening.TrySetResult(e);
    internal void SetListenFailed(ListenFailed e) => _listenFailed.TrySetResult(e);
}
