using System.Runtime;

namespace SchemaDrift.Tool.Services;

/// <summary>
/// Holds off garbage collection while a one-shot command builds data that lives until it ends (two catalog snapshots
/// and their comparison): nearly everything such a step allocates survives, so each collection during it only
/// copies the snapshots from one generation to the next. Up to <see cref="Budget"/> allocated bytes nothing is
/// collected; past it the runtime ends the pause by itself and collects as usual, so memory stays bounded on any
/// schema. Disposing ends the pause if it still holds (a command run twice in one process starts afresh).
/// A pause that the schemas will outgrow ends as soon as the reads know their size (<see cref="Expect"/>): the
/// collection that ends an exhausted pause copies everything allocated up to then, and leaves the collector with
/// generations sized after it, which on a large schema cost more time and memory than the pause saved.
/// </summary>
internal sealed class CollectionPause : IDisposable
{
    /// <summary>About what a 2,000-table diff allocates, well under its 250 MB memory bound.</summary>
    public const long Budget = 192L * 1024 * 1024;

    /// <summary>
    /// What a diff allocates per byte of the two databases' column catalogs (pg_attribute): about 136 MiB for two
    /// 15 MB catalogs of 2,000 tables, 660 MiB for two 73 MB ones of 10,000 (4.6 and 4.7), with some room.
    /// </summary>
    public const int AllocatedPerCatalogByte = 5;

    /// <summary>Whether a diff of column catalogs of this many bytes in all allocates more than the pause holds.</summary>
    public static bool Outgrows(long catalogBytes) => catalogBytes * AllocatedPerCatalogByte > Budget;

    private readonly bool started;
    private readonly Lock gate = new();
    private long counted;

    private CollectionPause(bool started) => this.started = started;

    public static CollectionPause Start()
    {
        try
        {
            return new CollectionPause(GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A runtime whose heap cannot set this much aside, or a pause already held: collect as usual.
            return new CollectionPause(false);
        }
    }

    /// <summary>
    /// Counts a database's column catalog (bytes of pg_attribute) towards what the command will allocate, and ends
    /// the pause at once when the catalogs counted so far would exhaust it.
    /// </summary>
    public void Expect(long catalogBytes)
    {
        lock (gate)
        {
            counted += catalogBytes;
            if (Outgrows(counted))
            {
                End();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            End();
        }
    }

    private void End()
    {
        try
        {
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
        catch (InvalidOperationException)
        {
            // The runtime ended it in between (its budget was spent): nothing left to end.
        }
    }
}
