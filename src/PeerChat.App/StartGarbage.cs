namespace PeerChat.App;

/// <summary>
/// What starting leaves behind: peerchat.conf and Akka's reference config parsed into HOCON trees, the
/// checks and the actor system's setup. An idle node allocates so little that no collection may come for
/// a long time, so that garbage would stay resident; one aggressive collection once the node listens
/// returns the memory to the system (about 2 MiB of an idle node's RSS; docs/performance.md, "Idle and start").
/// </summary>
internal static class StartGarbage
{
    /// <summary>Collects it on the thread pool, off the path of whatever the caller does next.</summary>
    public static void Collect() =>
        _ = Task.Run(() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
}
