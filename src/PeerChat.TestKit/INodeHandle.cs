using PeerChat.Node;

namespace PeerChat.Testing;

/// <summary>
/// One PeerChat node driven by a test: an in-process <see cref="ChatNodeHandle"/> or an
/// out-of-process <see cref="HeadlessProcessNode"/>. Both expose the same commands and the same
/// expectations, so a scenario can run against either, or a mix.
/// </summary>
/// <remarks>
/// <para>
/// Expectations read the node's events from an inbox. An expectation takes the <b>first</b> event
/// that matches it, whether it arrived before the call or arrives while waiting; events it does not
/// match stay in the inbox for later expectations. So the order of expectations does not have to
/// follow the order of arrival, and an event is never matched twice (which makes "exactly once"
/// checks sound: see <see cref="ExpectNoMessageAsync"/>).
/// </para>
/// <para>Run one expectation at a time per node; expectations on different nodes may run concurrently.</para>
/// <para>
/// Timeouts follow the test's TestKit (for the nodes a <see cref="PeerChatHarness"/> starts): a
/// timeout given is dilated by <c>akka.test.timefactor</c>; none given means the time left in the
/// enclosing <c>WithinAsync</c>, else <see cref="PeerChatTimeouts.Default"/> dilated; inside a
/// <c>WithinAsync</c>, no wait outlasts it. "No" expectations dilate their duration the same way.
/// </para>
/// </remarks>
public interface INodeHandle : IAsyncDisposable
{
    /// <summary>The node's name, as its peers see it.</summary>
    string Name { get; }

    /// <summary>An address other nodes and sockets can dial (loopback for the nodes the kit starts).</summary>
    string Host { get; }

    /// <summary>The port the node listens on (the real one: nodes start with port 0).</summary>
    int Port { get; }

    /// <summary><c>HOST:PORT</c>, as <c>/connect</c> takes it.</summary>
    string Address { get; }

    /// <summary>Sends a chat line to every member (the node's <c>Broadcast</c>, or a headless input line).</summary>
    void Say(string text);

    /// <summary>
    /// Sends a chat line and returns once the node has taken it: an in-process node answered
    /// <see cref="BroadcastAccepted"/> (it is queued for every member and no member is backlogged);
    /// a headless process read the line and answered a <c>/peers</c> written after it. Use it to send
    /// many lines at the node's pace; <see cref="Say"/> does not wait.
    /// </summary>
    Task SayAsync(string text, TimeSpan? timeout = null);

    /// <summary>Joins the network <paramref name="other"/> belongs to (join, who, join everyone listed). Does not wait: expect the joins or await the mesh.</summary>
    void ConnectTo(INodeHandle other);

    /// <summary>Joins the network of the peer at <paramref name="host"/>:<paramref name="port"/>. Does not wait.</summary>
    void ConnectTo(string host, int port);

    /// <summary>The node's members, as the node lists them.</summary>
    Task<IReadOnlyList<PeerInfo>> PeersAsync(TimeSpan? timeout = null);

    /// <summary>
    /// Sends <c>leave</c> to every member and closes, waiting until that is flushed. An in-process node
    /// keeps listening and can join again; a headless process quits (<c>/quit</c>) and must exit with 0.
    /// </summary>
    Task LeaveAsync(TimeSpan? timeout = null);

    /// <summary>Stops the node abruptly, without <c>leave</c>: its peers see it as disconnected. Returns once it is gone.</summary>
    void Kill();

    /// <summary>Waits for a chat line from <paramref name="from"/> (any sender when null) with <paramref name="text"/> (any text when null).</summary>
    Task<MessageReceived> ExpectMessageAsync(string? from = null, string? text = null, TimeSpan? timeout = null);

    /// <summary>
    /// Waits for the next chat lines from <paramref name="from"/> and fails unless they are exactly
    /// <paramref name="texts"/>, in that order. Lines from other senders are left for other expectations.
    /// </summary>
    Task ExpectMessagesInOrderAsync(string from, IEnumerable<string> texts, TimeSpan? timeout = null);

    /// <summary>Waits until a member named <paramref name="name"/> (any member when null) has joined.</summary>
    Task<PeerJoined> ExpectPeerJoinedAsync(string? name = null, TimeSpan? timeout = null);

    /// <summary>
    /// Waits until the member named <paramref name="name"/> (any when null) is gone, and fails at once
    /// if it went for another reason than <paramref name="reason"/> (when given).
    /// </summary>
    Task<PeerLeft> ExpectPeerLeftAsync(string? name = null, LeaveReason? reason = null, TimeSpan? timeout = null);

    /// <summary>
    /// Fails if a chat line (from <paramref name="from"/>, or anyone when null) arrives within
    /// <paramref name="duration"/>, or has already arrived and was not taken by an expectation.
    /// Other events don't count.
    /// </summary>
    Task ExpectNoMessageAsync(TimeSpan duration, string? from = null);

    /// <summary>
    /// Fails if anything the node would show arrives within <paramref name="duration"/> or is still
    /// untaken in the inbox: a join, a departure, a chat line or an error. Echoes of this node's own
    /// commands (<see cref="MessageSent"/>, <see cref="LeftNetwork"/>) don't count.
    /// </summary>
    Task ExpectNoEventAsync(TimeSpan duration);

    /// <summary>Waits for an error (a join that failed, a bad command, ...) whose text contains <paramref name="containing"/> (any when null); returns its text.</summary>
    Task<string> ExpectErrorAsync(string? containing = null, TimeSpan? timeout = null);

    /// <summary>Waits for any event of type <typeparamref name="T"/> that matches. A headless process reports only what its output shows (joins, departures, messages, errors).</summary>
    Task<T> ExpectEventAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ChatEvent;

    /// <summary>Drops every event received so far and not yet taken, so later expectations only see what follows.</summary>
    void DiscardEvents();
}

/// <summary>An error a node reported that has no event of its own: a headless <c>error</c> line, for example.</summary>
public sealed record NodeError(string Text) : ChatEvent;

/// <summary>A headless node's process ended; expectations waiting on it fail at once.</summary>
public sealed record NodeExited(int ExitCode) : ChatEvent;
