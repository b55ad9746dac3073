using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Services;

/// <summary>What to compare: FROM and TO (connection strings, URLs or environments), the catalog filter and what else to compare.</summary>
public sealed record DiffRequest(string From, string To, CatalogFilter Filter, SchemaDriftConfig Config, bool WithOwners = false);

/// <summary>The two databases and the changes that turn FROM into TO.</summary>
public sealed record DiffReport(DatabaseTarget Source, DatabaseTarget Target, DiffResult Result);

/// <summary><c>diff</c>: reads both databases read-only (at the same time), and compares them with the engine's pure differ.</summary>
public static class DiffService
{
    /// <param name="catalogSize">Told each database's column catalog size as soon as its read knows it (the caller sizes what it sets aside).</param>
    public static async Task<DiffReport> CompareAsync(DiffRequest request, IProgress<ToolEvent> events, CancellationToken ct = default, Action<long>? catalogSize = null)
    {
        var source = ConnectionResolver.Resolve(request.From, request.Config);
        var target = ConnectionResolver.Resolve(request.To, request.Config);

        events.Progress($"reading {source.Label} and {target.Label}");
        var clock = Stopwatch.StartNew();
        // One string pool for both reads: nearly every name, type and default of one database is also in the other,
        // and the second snapshot then holds the first one's strings instead of copies.
        // Catalogs larger than the collection pause holds (about 5,000 tables in all) are built one at a time: the
        // first database's rows are gone before the second one's snapshot is built, and the collections on the way
        // find one database's rows less to keep; each build in turn starts from and leaves a compacted heap (10,000
        // tables: a peak of 390–410 MB instead of 480–540), and the first one starts once both databases' rows are
        // read (349–415 MB over 40 runs, against 349–447 MB when it overlapped the other read's last rows).
        var builds = new SnapshotBuildTurns(reads: 2);
        long counted = 0;
        void Counted(long bytes)
        {
            catalogSize?.Invoke(bytes);
            if (CollectionPause.Outgrows(Interlocked.Add(ref counted, bytes)))
            {
                builds.OneAtATime();
            }
        }

        // Both reads at once: on a server that shares this machine's cores, one connection each.
        var connections = Math.Min(
            CatalogReadOptions.ConnectionsPerRead(2, source.Connection.Host, Environment.ProcessorCount),
            CatalogReadOptions.ConnectionsPerRead(2, target.Connection.Host, Environment.ProcessorCount));
        // Where sequences stand is read only when the script needs it, below.
        var options = new CatalogReadOptions(connections) { Strings = new StringPool(), CatalogSize = Counted, Builds = builds, SequencePositions = false };
        var prepared = await Task.WhenAll(
            ReadAndPrepareAsync(source, request.Filter, options, ct),
            ReadAndPrepareAsync(target, request.Filter, options, ct)).ConfigureAwait(false);
        var snapshots = Array.ConvertAll(prepared, p => p.Snapshot);
        var snapshotTime = clock.Elapsed;

        clock.Restart();
        var diffOptions = new DiffOptions(ComparePrivileges: request.Filter.IncludePrivileges, CompareOwners: request.WithOwners);
        var result = prepared is [(_, { } preparedFrom), (_, { } preparedTo)]
            ? SchemaDiffer.Compare(preparedFrom, preparedTo, diffOptions)
            : SchemaDiffer.Compare(snapshots[0], snapshots[1], diffOptions);
        if (!result.UnknownPositions.IsEmpty)
        {
            // The script narrows the range of sequences: where they stand on FROM (the script runs there) decides
            // whether each needs a RESTART. Only those are read, and the comparison runs again with them.
            var positions = await ReadPositionsAsync(source, result.UnknownPositions, ct).ConfigureAwait(false);
            result = SchemaDiffer.Compare(snapshots[0] with { SequencePositions = positions }, snapshots[1], diffOptions);
        }

        events.Detail(FormattableString.Invariant(
            $"timing: snapshot {snapshotTime.TotalMilliseconds:F1} ms, diff {clock.Elapsed.TotalMilliseconds:F1} ms ({snapshots[0].Tables.Count} and {snapshots[1].Tables.Count} tables)"));
        return new DiffReport(source, target, result);
    }

    /// <summary>Where the given sequences of a database stand (read-only); driver failures as for <see cref="ReadAsync"/>.</summary>
    private static async Task<ValueList<DbSequencePosition>> ReadPositionsAsync(DatabaseTarget target, ValueList<SequencePositionRequest> requests, CancellationToken ct)
    {
        try
        {
            await using var connection = await DatabaseConnector.OpenForCatalogAsync(target.Connection, ct).ConfigureAwait(false);
            return await SequencePositions.ReadAsync(connection, requests, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            var message = await ReadBlockers.DescribeAsync(target, ex, ct).ConfigureAwait(false);
            throw ToolException.Environment($"{target.Label}: reading where the sequences of {target.Display} stand failed: {message}", ex);
        }
    }

    /// <summary>
    /// One database's snapshot, prepared for the comparison as soon as it is read: while the other database is still
    /// being read, or on the core the finished read leaves idle. Not when builds take turns (large catalogs): a
    /// prepared snapshot's lookups would then sit beside the other database's rows at the peak of the build.
    /// </summary>
    private static async Task<(SchemaSnapshot Snapshot, PreparedSnapshot? Prepared)> ReadAndPrepareAsync(DatabaseTarget target, CatalogFilter filter, CatalogReadOptions options, CancellationToken ct)
    {
        var snapshot = await ReadAsync(target, filter, options, ct).ConfigureAwait(false);
        return (snapshot, options.Builds is { TakingTurns: true } ? null : PreparedSnapshot.Prepare(snapshot));
    }

    /// <summary>One database's snapshot (read-only); driver failures become clear tool errors naming the database.</summary>
    private static async Task<SchemaSnapshot> ReadAsync(DatabaseTarget target, CatalogFilter filter, CatalogReadOptions options, CancellationToken ct)
    {
        try
        {
            try
            {
                await using var connection = await DatabaseConnector.OpenForCatalogAsync(target.Connection, ct).ConfigureAwait(false);
                return await CatalogReader.ReadAsync(connection, filter, options, ct).ConfigureAwait(false);
            }
            catch
            {
                // The other read's build must not wait for rows this one will never have.
                options.Builds?.ReadFailed();
                throw;
            }
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            var message = await ReadBlockers.DescribeAsync(target, ex, ct).ConfigureAwait(false);
            throw ToolException.Environment($"{target.Label}: reading the catalog of {target.Display} failed: {message}", ex);
        }
    }
}
