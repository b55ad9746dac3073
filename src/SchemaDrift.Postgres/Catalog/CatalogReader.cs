using System.Data;
using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>How a snapshot is read.</summary>
/// <param name="Connections">1: every query in one batch, in one transaction, on the given connection. 2 (default):
/// the server's printing-heavy queries (constraints, indexes, functions) run at the same time on a second connection
/// whose transaction imports the first one's snapshot (pg_export_snapshot), as pg_dump's parallel mode does; when no
/// second connection can be had (a standby, a connection limit, a pooler), everything runs on the first.</param>
public sealed record CatalogReadOptions(int Connections = 2)
{
    /// <summary>
    /// The pool the snapshot's repeated texts are taken from; reads given the same pool (the two databases of a
    /// diff) share their strings. Null: a pool of this read's own.
    /// </summary>
    public StringPool? Strings { get; init; }

    /// <summary>
    /// Whether to read where the sequences stand (in the batch, or after it past
    /// <see cref="CatalogQueries.PositionsInBatchLimit"/> sequences and identity columns). Only the database a script
    /// runs on needs them, and only for a RESTART where a sequence's new range leaves its value out; false leaves them
    /// unknown, for <see cref="SequencePositions.ReadAsync(NpgsqlConnection, IReadOnlyList{SequencePositionRequest}, CancellationToken)"/>
    /// to read the few a comparison asks for.
    /// </summary>
    public bool SequencePositions { get; init; } = true;

    /// <summary>
    /// Told the size in bytes of the database's column catalog (pg_attribute), the bulk of what a read holds, before
    /// the rows are read: a caller can size what it sets aside.
    /// </summary>
    public Action<long>? CatalogSize { get; init; }

    /// <summary>
    /// Shared by reads that run at the same time: once told to, they build their snapshots one at a time (see
    /// <see cref="SnapshotBuildTurns"/>). Null: the build never waits.
    /// </summary>
    public SnapshotBuildTurns? Builds { get; init; }

    public static CatalogReadOptions Default { get; } = new();

    /// <summary>
    /// How many connections each of <paramref name="readsAtOnce"/> reads of servers at <paramref name="host"/> should
    /// use. A second connection pays when the server has cores to spare. A server on this machine (a Unix socket,
    /// localhost, a loopback address) shares the client's cores: there, once the reads' server processes would
    /// outnumber the cores, a second connection only adds work, since each server process warms its own catalog
    /// caches for the same tables (a diff of two 2,000-table databases on 2 cores: 0.44 s more server CPU and
    /// 0.19 s more wall time; 10,000 tables: 2 s and 1.1 s).
    /// </summary>
    public static int ConnectionsPerRead(int readsAtOnce, string? host, int processorCount) =>
        IsOnThisMachine(host) && readsAtOnce * 2 > processorCount ? 1 : 2;

    private static bool IsOnThisMachine(string? host) =>
        string.IsNullOrWhiteSpace(host)
        || host.StartsWith('/')
        || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    public static CatalogReadOptions SingleConnection { get; } = new(1);
}

/// <summary>
/// Reads a database's schema into a <see cref="SchemaSnapshot"/>: a handful of set-based queries sent as one
/// <see cref="NpgsqlBatch"/> (or two sharing one snapshot, see <see cref="CatalogReadOptions"/>) inside
/// REPEATABLE READ READ ONLY transactions, so every query sees the same catalog, and nothing is ever written. Works
/// with a role that can only read the catalog (CONNECT and the default privileges of PUBLIC), and on databases whose
/// transactions are read-only by default.
/// </summary>
public static partial class CatalogReader
{
    private static int sharedReads;

    /// <summary>How many reads in this process used a second connection (for tests and diagnostics).</summary>
    internal static int SharedReads => Volatile.Read(ref sharedReads);

    public static Task<SchemaSnapshot> ReadAsync(NpgsqlConnection openConnection, CatalogFilter? filter = null, CancellationToken ct = default) =>
        ReadAsync(openConnection, filter, CatalogReadOptions.Default, ct);

    public static async Task<SchemaSnapshot> ReadAsync(NpgsqlConnection openConnection, CatalogFilter? filter, CatalogReadOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(openConnection);
        ArgumentNullException.ThrowIfNull(options);
        filter ??= CatalogFilter.All;

        // The rows come from a method of their own: once it returns, the transaction and the second connection are
        // closed, and nothing holds the rows the printers and the positions replaced while the snapshot is built
        // (the peak of a read's memory).
        CatalogRows? rows = await ReadRowsAsync(openConnection, filter, options, ct).ConfigureAwait(false);
        options.Builds?.RowsRead();
        var turn = options.Builds is null ? null : await options.Builds.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var snapshot = SnapshotBuilder.Build(rows, filter);

            // A turn collects as it ends: the rows, held by this method's state across the wait, must be gone by then.
            rows = null;
            return snapshot;
        }
        finally
        {
            turn?.Dispose();
        }
    }

    private static async Task<CatalogRows> ReadRowsAsync(NpgsqlConnection openConnection, CatalogFilter filter, CatalogReadOptions options, CancellationToken ct)
    {
        var version = openConnection.PostgreSqlVersion;
        var versionNum = (version.Major * 10000) + Math.Max(version.Minor, 0);
        var main = CatalogRows.MainQueries(versionNum, filter.IncludePrivileges, options.SequencePositions);
        var pool = options.Strings ?? new StringPool();

        // Npgsql sends the BEGIN with the first batch. The second connection opens while the first exports its
        // snapshot, and imports it while the first already reads.
        await using var transaction = await openConnection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var opening = options.Connections > 1 ? OpenCloneAsync(openConnection, ct) : null;
        var exporting = opening is null ? null : ExportSnapshotAsync(openConnection, transaction, options.CatalogSize, ct);
        var sharing = opening is null ? null : ShareAsync(opening, exporting!, ct);
        await using var second = new SecondConnection(sharing);
        var (snapshotId, _) = exporting is null ? (null, null) : await exporting.ConfigureAwait(false);

        if (exporting is null && options.CatalogSize is { } tell)
        {
            // One connection: no export batch tells the size, so a statement of its own does, before the rows.
            await using var size = new NpgsqlCommand($"SELECT {ColumnCatalogSize}", openConnection, transaction);
            tell(Convert.ToInt64(await size.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
        }

        CatalogRows rows;
        if (sharing is null)
        {
            // Settings again when the export ran them: SET TRANSACTION READ ONLY may come at any point.
            await using var batch = Batch(openConnection, transaction, [.. CatalogQueries.Settings, .. main, .. CatalogRows.DefinitionQueries(versionNum)], filter);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            rows = await CatalogRows.ReadMainAsync(reader, filter.IncludePrivileges, pool, ct).ConfigureAwait(false);
            rows = rows.With(await CatalogRows.ReadDefinitionsAsync(reader, first: false, pool, ct).ConfigureAwait(false));
        }
        else
        {
            var definitions = ReadSharedDefinitionsAsync(sharing, filter, versionNum, pool, ct);
            try
            {
                // A snapshot-exporting batch ran the settings.
                await using var batch = Batch(openConnection, transaction, snapshotId is null ? [.. CatalogQueries.Settings, .. main] : main, filter);
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                rows = await CatalogRows.ReadMainAsync(reader, filter.IncludePrivileges, pool, ct).ConfigureAwait(false);
            }
            finally
            {
                // Never leave the second connection's batch running unobserved, even when the first one failed.
                await Task.WhenAny(definitions).ConfigureAwait(false);
            }

            // No second connection (a standby, a connection limit, a pooler): the definitions on the first, after.
            rows = rows.With(await definitions.ConfigureAwait(false)
                ?? await ReadDefinitionsAsync(openConnection, transaction, filter, versionNum, pool, ct).ConfigureAwait(false));
        }

        if (CatalogQueries.NotCompared(rows.NotComparedKeys, filter.IncludePrivileges) is { } notCompared)
        {
            // The kinds the batch found a trace of, counted in the same transaction: most databases have none.
            await using var batch = Batch(openConnection, transaction, [notCompared], filter);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            rows = rows with { NotCompared = await CatalogRows.ReadNotComparedAsync(reader, ct).ConfigureAwait(false) };
        }

        var shared = second.Connection;
        // Where the sequences stand, when the batch could not read it, on the second connection (its catalog
        // transaction is over) while the first one completes the definitions.
        var positions = shared is not null && !rows.PositionsRead && options.SequencePositions ? ReadPositionsAsync(shared, rows, ct) : null;
        try
        {
            if (rows.IndexPrinting is { } printing)
            {
                // Definitions printed here, from the catalog's columns and stored expressions; the rest by the server.
                var printer = new IndexPrinter(printing);
                var expressions = await StoredExpressions.PrintAsync(rows, printer, rows.ColumnIndex(), openConnection, transaction, ct).ConfigureAwait(false);
                rows = rows with { Indexes = await printer.CompleteAsync(rows, expressions, openConnection, transaction, ct).ConfigureAwait(false) };
                rows = rows with { Constraints = await ConstraintPrinter.CompleteAsync(rows, printer, expressions.Checks, openConnection, transaction, ct).ConfigureAwait(false) };
            }

            await transaction.RollbackAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            if (positions is not null)
            {
                await Task.WhenAny(positions).ConfigureAwait(false);
            }
        }

        if (positions is not null)
        {
            var positioned = await positions.ConfigureAwait(false);
            rows = rows with { Sequences = positioned.Sequences, Columns = positioned.Columns, PositionsRead = true };
        }
        else if (options.SequencePositions)
        {
            rows = await SequencePositions.ReadAsync(rows, openConnection, ct).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>
    /// Makes the transaction read-only with its settings and exports its snapshot (null on a standby, which cannot
    /// export); also reads the session's lock_timeout, which the second connection must share.
    /// </summary>
    private static async Task<(string? SnapshotId, string? LockTimeout)> ExportSnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Action<long>? catalogSize, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var setting in CatalogQueries.Settings)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END, current_setting('lock_timeout'), {ColumnCatalogSize}"));
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (reader.FieldCount < 2 && await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
        }

        if (reader.FieldCount < 2 || !await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return (null, null);
        }

        catalogSize?.Invoke(reader.GetInt64(2));
        var id = reader.IsDBNull(0) ? null : reader.GetString(0);
        return (id is not null && IsSnapshotId(id) ? id : null, reader.GetString(1));
    }

    /// <summary>The size in bytes of the column catalog (see <see cref="CatalogReadOptions.CatalogSize"/>).</summary>
    private const string ColumnCatalogSize = "pg_relation_size('pg_catalog.pg_attribute')";

    /// <summary>A second connection to the same database, opened (null when none can be: a connection limit, a pooler, authentication).</summary>
    private static async Task<NpgsqlConnection?> OpenCloneAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var clone = (NpgsqlConnection)((ICloneable)connection).Clone();
        try
        {
            await clone.OpenAsync(ct).ConfigureAwait(false);
            return clone;
        }
        catch (NpgsqlException)
        {
            await clone.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The opened second connection, in a transaction that sees exactly the exported snapshot and waits for locks no
    /// longer than the first (its lock_timeout, for the session: a read must not hang on the connection its caller
    /// did not open, in this transaction or in those that read the sequences' positions after it); null when there
    /// is no snapshot to share (a standby, or the export failed: the first connection reports that) or the connection
    /// could not take it.
    /// </summary>
    private static async Task<SharingConnection?> ShareAsync(Task<NpgsqlConnection?> opening, Task<(string? SnapshotId, string? LockTimeout)> exporting, CancellationToken ct)
    {
        if (await opening.ConfigureAwait(false) is not { } clone)
        {
            return null;
        }

        await Task.WhenAny(exporting).ConfigureAwait(false);
        if (!exporting.IsCompletedSuccessfully || exporting.Result is not (string snapshotId, var lockTimeout))
        {
            await clone.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        try
        {
            var transaction = await clone.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(clone, transaction);

            // The id was checked by IsSnapshotId (hexadecimal digits and dashes): SET TRANSACTION SNAPSHOT takes no parameters.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SET TRANSACTION SNAPSHOT '{snapshotId}'"));
            foreach (var setting in CatalogQueries.Settings)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            }

            if (lockTimeout is not null)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('lock_timeout', @value, false)") { Parameters = { new NpgsqlParameter("value", lockTimeout) } });
            }

            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return new SharingConnection(clone, transaction);
        }
        catch (NpgsqlException)
        {
            // The first connection reads everything.
            await clone.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<CatalogRows> ReadPositionsAsync(SharingConnection second, CatalogRows rows, CancellationToken ct)
    {
        await second.Transaction.RollbackAsync(ct).ConfigureAwait(false);
        return await SequencePositions.ReadAsync(rows, second.Connection, ct).ConfigureAwait(false);
    }

    /// <summary>The definitions, on the second connection once it shares the snapshot (null: there is none).</summary>
    private static async Task<DefinitionRows?> ReadSharedDefinitionsAsync(Task<SharingConnection?> sharing, CatalogFilter filter, int serverVersionNum, StringPool pool, CancellationToken ct)
    {
        if (await sharing.ConfigureAwait(false) is not { } second)
        {
            return null;
        }

        Interlocked.Increment(ref sharedReads);
        return await ReadDefinitionsAsync(second.Connection, second.Transaction, filter, serverVersionNum, pool, ct).ConfigureAwait(false);
    }

    private static async Task<DefinitionRows> ReadDefinitionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogFilter filter, int serverVersionNum, StringPool pool, CancellationToken ct)
    {
        await using var batch = Batch(connection, transaction, CatalogRows.DefinitionQueries(serverVersionNum), filter);
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await CatalogRows.ReadDefinitionsAsync(reader, first: true, pool, ct).ConfigureAwait(false);
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> queries, CatalogFilter filter)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in queries)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql.Contains("@include", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("include", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.IncludeArray });
                command.Parameters.Add(new NpgsqlParameter("exclude", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.ExcludeArray });
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    /// <summary>A second connection in a transaction that shares the first one's snapshot.</summary>
    private sealed record SharingConnection(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The second connection of a read, while it is being opened and made to share the snapshot: disposing waits for
    /// that to end (whether or not the read got that far) and closes it.
    /// </summary>
    private sealed class SecondConnection(Task<SharingConnection?>? sharing) : IAsyncDisposable
    {
        /// <summary>The connection, once it shares the snapshot (null: none, or not yet).</summary>
        public SharingConnection? Connection => sharing is { IsCompletedSuccessfully: true } ? sharing.Result : null;

        public async ValueTask DisposeAsync()
        {
            if (sharing is null)
            {
                return;
            }

            await Task.WhenAny(sharing).ConfigureAwait(false);
            if (sharing.IsCompletedSuccessfully && sharing.Result is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the text is an exported snapshot's id as the server writes it: hexadecimal digits and dashes.</summary>
    private static bool IsSnapshotId(string id) => id.Length > 0 && !id.AsSpan().ContainsAnyExcept(SnapshotIdCharacters);

    private static readonly System.Buffers.SearchValues<char> SnapshotIdCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef-");
}
