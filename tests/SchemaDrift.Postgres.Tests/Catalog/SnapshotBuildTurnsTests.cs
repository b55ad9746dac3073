using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// Reads that share build turns build their snapshots one at a time once told to (a diff of large catalogs), and
/// never wait before that.
/// </summary>
public class SnapshotBuildTurnsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    [Trait("Category", "Unit")]
    public async Task Builds_wait_for_one_another_only_once_told_to_and_a_turn_ends_once()
    {
        var turns = new SnapshotBuildTurns();
        Assert.False(turns.TakingTurns);
        Assert.Null(await turns.WaitAsync(CancellationToken.None));
        Assert.Null(await turns.WaitAsync(CancellationToken.None));

        turns.OneAtATime();
        Assert.True(turns.TakingTurns);
        var first = await turns.WaitAsync(CancellationToken.None);
        Assert.NotNull(first);
        var second = turns.WaitAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(next);

        // Ending the first turn again does not end the second one.
        first.Dispose();
        var third = turns.WaitAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        next.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10)))!.Dispose();

        // A build still waiting for its turn can be cancelled.
        using var held = await turns.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = turns.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task Given_its_reads_a_build_in_turn_starts_only_once_every_read_has_its_rows()
    {
        var turns = new SnapshotBuildTurns(reads: 2);
        turns.OneAtATime();

        var first = turns.WaitAsync(CancellationToken.None);
        turns.RowsRead();
        await Task.Delay(200);
        Assert.False(first.IsCompleted, "a build started while the other read still had rows to come");

        turns.RowsRead();
        (await first.WaitAsync(TimeSpan.FromSeconds(10)))!.Dispose();

        // A read that fails lets the other one build without its rows.
        var failing = new SnapshotBuildTurns(reads: 2);
        failing.OneAtATime();
        var waiting = failing.WaitAsync(CancellationToken.None);
        failing.RowsRead();
        failing.ReadFailed();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))!.Dispose();

        // Without turns nothing waits, rows or not.
        Assert.Null(await new SnapshotBuildTurns(reads: 2).WaitAsync(CancellationToken.None));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task A_turn_starts_and_ends_with_a_full_collection()
    {
        var turns = new SnapshotBuildTurns();
        turns.OneAtATime();

        var before = GC.CollectionCount(2);
        var turn = await turns.WaitAsync(CancellationToken.None);
        var started = GC.CollectionCount(2);
        Assert.True(started > before, "the turn started without a full collection");

        turn!.Dispose();
        Assert.True(GC.CollectionCount(2) > started, "the turn ended without a full collection");
    }

    [Fact]
    public async Task A_read_builds_its_snapshot_only_in_its_turn_and_reads_the_same_schema()
    {
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        await using var connection = await db.OpenAsync();
        var expected = await CatalogReader.ReadAsync(connection);

        var turns = new SnapshotBuildTurns();
        var options = CatalogReadOptions.Default with { Builds = turns };
        Assert.Equal(expected, await CatalogReader.ReadAsync(connection, null, options));

        turns.OneAtATime();
        var held = await turns.WaitAsync(CancellationToken.None);
        Assert.NotNull(held);
        var read = CatalogReader.ReadAsync(connection, null, options);

        // Whatever the reading takes, the snapshot is not built while another build holds the turn.
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.False(read.IsCompleted);

        held.Dispose();
        Assert.Equal(expected, await read.WaitAsync(TimeSpan.FromSeconds(60)));

        // The turn ended with the build: the next one takes it at once.
        using var after = await turns.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(after);
    }
}
