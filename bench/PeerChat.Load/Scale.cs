namespace PeerChat.Load;

/// <summary>The sizes of every scenario: the full figures, or scaled down for <c>--quick</c>.</summary>
public sealed record Scale
{
    public required bool Quick { get; init; }
    public required long IngestMessages { get; init; }
    public required int IngestManyPeers { get; init; }
    public required int FanoutMessages { get; init; }
    public required int FanoutPeers { get; init; }
    public required int MeshNodes { get; init; }
    public required int MeshMessages { get; init; }
    /// <summary>Broadcasts per second per node in the paced mesh scenario.</summary>
    public required int MeshRate { get; init; }
    /// <summary>
    /// Messages per node sent on the same schedule before the mesh is measured, not counted: until the
    /// JIT has compiled the hot paths at full optimisation, the first second or so is not the node's
    /// steady state.
    /// </summary>
    public required int MeshWarmUpMessages { get; init; }
    /// <summary>Least time each throughput scenario warms up before it measures (the JIT's tiering needs it).</summary>
    public required TimeSpan WarmUp { get; init; }
    public required int JoinMeshSize { get; init; }
    public required int IdlePeers { get; init; }
    /// <summary>join-burst: raw peers that dial one peerchat process at once.</summary>
    public required int BurstPeers { get; init; }
    /// <summary>who-flood: raw peers in the room (the flooder and the chatters among them).</summary>
    public required int WhoFloodRoom { get; init; }
    public required TimeSpan WhoFloodBaseline { get; init; }
    public required TimeSpan WhoFlood { get; init; }
    /// <summary>The process mesh: peerchat processes, and chat lines each sends once it has converged.</summary>
    public required int ProcessMeshNodes { get; init; }
    public required int ProcessMeshLines { get; init; }
    /// <summary>process: chat lines a flood sends in all (from 1 peer, then from <see cref="ProcessPeers"/>), and into a cold process.</summary>
    public required long ProcessLines { get; init; }
    public required int ProcessPeers { get; init; }
    public required long ProcessColdLines { get; init; }
    /// <summary>idle-process: how long the idle processes are watched.</summary>
    public required TimeSpan ProcessIdleWindow { get; init; }
    /// <summary>start: starts of each program, of which the median is taken.</summary>
    public required int Starts { get; init; }
    /// <summary>Longest wait for any one step before the scenario is declared failed.</summary>
    public required TimeSpan StepTimeout { get; init; }

    public static readonly Scale Full = new()
    {
        Quick = false,
        IngestMessages = 1_000_000,
        IngestManyPeers = 16,
        FanoutMessages = 100_000,
        FanoutPeers = 50,
        MeshNodes = 20,
        MeshMessages = 1_000,
        MeshRate = 200,
        MeshWarmUpMessages = 400,
        WarmUp = TimeSpan.FromSeconds(2),
        JoinMeshSize = 100,
        IdlePeers = 2_000,
        BurstPeers = 1_000,
        WhoFloodRoom = 100,
        WhoFloodBaseline = TimeSpan.FromSeconds(10),
        WhoFlood = TimeSpan.FromSeconds(30),
        ProcessMeshNodes = 16,
        ProcessMeshLines = 100,
        ProcessLines = 2_000_000,
        ProcessPeers = 8,
        ProcessColdLines = 300_000,
        ProcessIdleWindow = TimeSpan.FromSeconds(60),
        Starts = 8,
        StepTimeout = TimeSpan.FromSeconds(120),
    };

    public static readonly Scale QuickRun = new()
    {
        Quick = true,
        IngestMessages = 100_000,
        IngestManyPeers = 16,
        FanoutMessages = 10_000,
        FanoutPeers = 20,
        MeshNodes = 5,
        MeshMessages = 100,
        MeshRate = 200,
        MeshWarmUpMessages = 20,
        WarmUp = TimeSpan.FromSeconds(0.2),
        JoinMeshSize = 10,
        IdlePeers = 200,
        BurstPeers = 200,
        WhoFloodRoom = 30,
        WhoFloodBaseline = TimeSpan.FromSeconds(2),
        WhoFlood = TimeSpan.FromSeconds(3),
        ProcessMeshNodes = 4,
        ProcessMeshLines = 10,
        ProcessLines = 200_000,
        ProcessPeers = 8,
        ProcessColdLines = 50_000,
        ProcessIdleWindow = TimeSpan.FromSeconds(10),
        Starts = 3,
        StepTimeout = TimeSpan.FromSeconds(20),
    };
}

public static class TaskTimeouts
{
    /// <summary>Awaits <paramref name="task"/>, failing with what was being waited for after <paramref name="timeout"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
        }
    }

    public static async Task Within(this Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
        }
    }
}
