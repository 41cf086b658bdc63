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
    private const string KitConfig = "akka.loglevel = WARNING";

    /// <param name="output">xUnit's output for the test (optional): headless processes' standard error goes there.</param>
    protected PeerChatTestKit(ITestOutputHelper? output = null) : base(KitConfig, output) =>
        Harness = new PeerChatHarness(this, output);

    /// <summary>The harness behind the helpers below; it owns every node, process and socket they start.</summary>
    protected PeerChatHarness Harness { get; }

    /// <inheritdoc cref="PeerChatHarness.StartNodeAsync"/>
    protected Task<ChatNodeHandle> StartNodeAsync(string name, string hoconOverrides = "", bool paced = false) => Harness.StartNodeAsync(name, hoconOverrides, paced);

    /// <inheritdoc cref="PeerChatHarness.StartMeshAsync(string[])"/>
    protected Task<ChatNodeHandle[]> StartMeshAsync(params string[] names) => Harness.StartMeshAsync(names);

    /// <inheritdoc cref="PeerChatHarness.StartMeshAsync(ValueTuple{string, string}[])"/>
    protected Task<ChatNodeHandle[]> StartMeshAsync(params (string Name, string? Via)[] members) => Harness.StartMeshAsync(members);

    /// <inheritdoc cref="PeerChatHarness.JoinMeshAsync"/>
    protected Task JoinMeshAsync(IReadOnlyList<INodeHandle> nodes, TimeSpan? timeout = null) => Harness.JoinMeshAsync(nodes, timeout);

    /// <inheritdoc cref="PeerChatHarness.AwaitMeshAsync"/>
    protected static Task AwaitMeshAsync(IEnumerable<INodeHandle> nodes, TimeSpan? timeout = null) => PeerChatHarness.AwaitMeshAsync(nodes, timeout);

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

/// <summary>Lets a test take a mesh apart in one line: <c>var (a, b, c) = await StartMeshAsync("a", "b", "c");</c></summary>
public static class HandleArrayExtensions
{
    public static void Deconstruct<T>(this T[] nodes, out T first, out T second)
    {
        Expect(nodes, 2);
        (first, second) = (nodes[0], nodes[1]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T first, out T second, out T third)
    {
        Expect(nodes, 3);
        (first, second, third) = (nodes[0], nodes[1], nodes[2]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T first, out T second, out T third, out T fourth)
    {
        Expect(nodes, 4);
        (first, second, third, fourth) = (nodes[0], nodes[1], nodes[2], nodes[3]);
    }

    private static void Expect<T>(T[] nodes, int count)
    {
        if (nodes.Length != count) throw new ArgumentException($"cannot take {nodes.Length} nodes apart into {count}", nameof(nodes));
    }
}
