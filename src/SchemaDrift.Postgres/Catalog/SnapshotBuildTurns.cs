namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Lets reads that run at the same time (the two databases of a diff) build their snapshots one after the other once
/// told to. A read holds its catalog rows until its snapshot is built: two builds at once hold both databases' rows
/// beside both snapshots, and on large catalogs that is the peak of the process's memory. Built in turn, the first
/// read's rows are gone before the second one builds, while the reads themselves still run at the same time.
/// Until <see cref="OneAtATime"/> is called, builds do not wait.
/// </summary>
public sealed class SnapshotBuildTurns
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private volatile bool oneAtATime;

    /// <summary>From now on, each build waits until no other build of these turns runs.</summary>
    public void OneAtATime() => oneAtATime = true;

    /// <summary>Whether builds wait for one another.</summary>
    public bool TakingTurns => oneAtATime;

    /// <summary>Waits for this build's turn when builds take turns; disposing the result ends the turn.</summary>
    internal async Task<IDisposable?> WaitAsync(CancellationToken ct)
    {
        if (!oneAtATime)
        {
            return null;
        }

        await turn.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(turn);
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
