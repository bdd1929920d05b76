namespace Metrics.Query.Engine;

/// <summary>
/// Keeps the garbage a query leaves behind from piling up before the runtime's first gen-0
/// collection. The runtime sizes the gen-0 budget from the CPU's last-level cache, and virtual
/// machines report the host's whole L3 (300 MiB on the benchmark machine), so a workstation heap
/// can grow by well over 100 MiB of dead step arrays before it collects once. Query evaluation
/// calls <see cref="Collect"/> between expression nodes; once <see cref="Budget"/> bytes were
/// allocated process-wide without a gen-0 collection, it runs one. Almost everything a query
/// allocates is dead or short-lived by then, so the collection is cheap and later allocations
/// reuse the same memory instead of growing the resident set.
/// </summary>
internal static class QueryGarbage
{
    /// <summary>Bytes allocated without a gen-0 collection after which a query induces one.</summary>
    public const long Budget = 24L << 20;

    private static long s_allocatedAtLastCollection;
    private static int s_lastCollectionCount = -1;

    public static void Collect()
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int collections = GC.CollectionCount(0);
        if (collections != Volatile.Read(ref s_lastCollectionCount))
        {
            // The runtime collected by itself since the last look: measure from here.
            Volatile.Write(ref s_lastCollectionCount, collections);
            Volatile.Write(ref s_allocatedAtLastCollection, allocated);
            return;
        }
        if (allocated - Volatile.Read(ref s_allocatedAtLastCollection) < Budget) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        Volatile.Write(ref s_lastCollectionCount, GC.CollectionCount(0));
        Volatile.Write(ref s_allocatedAtLastCollection, GC.GetTotalAllocatedBytes(precise: false));
    }
}
