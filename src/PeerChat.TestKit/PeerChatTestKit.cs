using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace PeerChat.Testing;

/// <summary>
/// An xUnit Akka TestKit for multi-node PeerChat scenarios: start nodes, meshes, headless processes
/// and raw peers in a line each; everything is cleaned up when the test ends, also when it fails.
/// <code>
/// public sealed class MyTests : PeerChatTestKit
/// {
///     [Fact]
///     public async Task Hello_reaches_everyone()
///     {
///         var (alice, bob, carol) = await StartMeshAsync("alice", "bob", "carol");
///         alice.Say("hi");
///         await bob.ExpectMessageAsync(from: "alice", text: "hi");
///         await carol.ExpectMessageAsync(from: "alice", text: "hi");
///     }
/// }
/// </code>
/// To use the same helpers from another TestKit, compose a <see cref="PeerChatHarness"/> instead.
/// </summary>
public abstract class PeerChatTestKit : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    /// <param name="output">xUnit's output for the test (optional): headless processes' standard error goes there.</param>
    protected PeerChatTestKit(ITestOutputHelper? output = null) : base(KitConfig(), output) =>
        Harness = new PeerChatHarness(this, output);

    // PEERCHAT_TEST_TIMEFACTOR is another way to set akka.test.timefactor: it stretches this kit's own
    // expectations too, not only the PeerChat ones.
    private static string KitConfig() => FormattableString.Invariant($"""
        akka.loglevel = WARNING
        akka.test.timefactor = {PeerChatTimeouts.TimeFactor}
        """);

    /// <summary>The harness behind the helpers below; it owns every node, process and socket they start.</summary>
    protected PeerChatHarness Harness { get; }

    /// <inheritdoc cref="PeerChatHarness.StartNodeAsync"/>
    protected Task<ChatNodeHandle> StartNodeAsync(string name, string hoconOverrides = "", bool paced = false) => Harness.StartNodeAsync(name, hoconOverrides, paced);

    /// <inheritdoc cref="PeerChatHarness.StartMeshAsync(string[])"/>
    protected Task<Mesh> StartMeshAsync(params string[] names) => Harness.StartMeshAsync(names);

    /// <inheritdoc cref="PeerChatHarness.StartMeshAsync(ValueTuple{string, string}[])"/>
    protected Task<Mesh> StartMeshAsync(params (string Name, string? Via)[] members) => Harness.StartMeshAsync(members);

    /// <inheritdoc cref="PeerChatHarness.JoinMeshAsync"/>
    protected Task JoinMeshAsync(IReadOnlyList<INodeHandle> nodes, TimeSpan? timeout = null) => Harness.JoinMeshAsync(nodes, timeout);

    /// <inheritdoc cref="PeerChatHarness.AwaitMeshAsync"/>
    protected static Task AwaitMeshAsync(IEnumerable<INodeHandle> nodes, TimeSpan? timeout = null) => PeerChatHarness.AwaitMeshAsync(nodes, timeout);

    /// <inheritdoc cref="PeerChatHarness.PartitionAsync"/>
    protected Task<NetworkPartition> PartitionAsync(IReadOnlyList<ChatNodeHandle> side, IReadOnlyList<ChatNodeHandle> otherSide, TimeSpan? timeout = null) =>
        Harness.PartitionAsync(side, otherSide, timeout);

    /// <inheritdoc cref="PeerChatHarness.CutLinkAsync"/>
    protected Task<NetworkPartition> CutLinkAsync(ChatNodeHandle node, ChatNodeHandle other, TimeSpan? timeout = null) =>
        Harness.CutLinkAsync(node, other, timeout);

    /// <inheritdoc cref="PeerChatHarness.StartHeadlessNodeAsync(string, HeadlessNodeOptions?)"/>
    protected Task<HeadlessProcessNode> StartHeadlessNodeAsync(string name, HeadlessNodeOptions? options = null) => Harness.StartHeadlessNodeAsync(name, options);

    /// <inheritdoc cref="PeerChatHarness.ConnectRawPeerAsync"/>
    protected Task<RawPeer> ConnectRawPeerAsync(INodeHandle node) => Harness.ConnectRawPeerAsync(node);

    /// <inheritdoc cref="PeerChatHarness.JoinRawPeerAsync"/>
    protected Task<RawPeer> JoinRawPeerAsync(INodeHandle node, string name, string port = "7777", string age = "30", string zip = "12345") =>
        Harness.JoinRawPeerAsync(node, name, port, age, zip);

    /// <inheritdoc cref="PeerChatHarness.ListenRawPeer"/>
    protected RawPeerListener ListenRawPeer() => Harness.ListenRawPeer();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xUnit calls this after each test, pass or fail, before Dispose (and so AfterAll).
    Task IAsyncLifetime.DisposeAsync() => Harness.DisposeAsync().AsTask();

    protected override void AfterAll()
    {
        // Normally already done by IAsyncLifetime.DisposeAsync; off the test's synchronization context, so it cannot deadlock.
        Task.Run(() => Harness.DisposeAsync().AsTask()).Wait(TimeSpan.FromSeconds(30));
        base.AfterAll();
    }
}
