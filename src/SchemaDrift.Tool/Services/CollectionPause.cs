using System.Runtime;

namespace SchemaDrift.Tool.Services;

/// <summary>
/// Holds off garbage collection while a one-shot command builds data that lives until it ends (two catalog snapshots
/// and their comparison): nearly everything such a step allocates survives, so each collection during it only
/// copies the snapshots from one generation to the next. Up to <see cref="Budget"/> allocated bytes nothing is
/// collected; past it the runtime ends the pause by itself and collects as usual, so memory stays bounded on any
/// schema. Disposing ends the pause if it still holds (a command run twice in one process starts afresh).
/// </summary>
internal sealed class CollectionPause : IDisposable
{
    /// <summary>About what a 2,000-table diff allocates, well under its 250 MB memory bound.</summary>
    public const long Budget = 192L * 1024 * 1024;

    private readonly bool started;

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

    public void Dispose()
    {
        if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}
