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
    /// Whether to read where the sequences stand when that takes statements of its own (more than
    /// <see cref="CatalogQueries.PositionsInBatchLimit"/> sequences and identity columns). Only the database a script
    /// runs on needs them (a RESTART where a sequence's new range leaves its value out); false leaves them unknown.
    /// </summary>
    public bool SequencePositions { get; init; } = true;

    public static CatalogReadOptions Default { get; } = new();

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
        var rows = await ReadRowsAsync(openConnection, filter, options, ct).ConfigureAwait(false);
        return SnapshotBuilder.Build(rows, filter);
    }

    private static async Task<CatalogRows> ReadRowsAsync(NpgsqlConnection openConnection, CatalogFilter filter, CatalogReadOptions options, CancellationToken ct)
    {
        var version = openConnection.PostgreSqlVersion;
        var versionNum = (version.Major * 10000) + Math.Max(version.Minor, 0);
        var main = CatalogRows.MainQueries(versionNum, filter.IncludePrivileges);
        var pool = options.Strings ?? new StringPool();

        // Npgsql sends the BEGIN with the first batch.
        await using var transaction = await openConnection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var (snapshotId, lockTimeout) = options.Connections > 1 ? await ExportSnapshotAsync(openConnection, transaction, ct).ConfigureAwait(false) : (null, null);
        await using var second = snapshotId is null ? null : await OpenSharingAsync(openConnection, snapshotId, lockTimeout, ct).ConfigureAwait(false);

        CatalogRows rows;
        if (second is null)
        {
            // Settings again when the export ran them: SET TRANSACTION READ ONLY may come at any point.
            await using var batch = Batch(openConnection, transaction, [.. CatalogQueries.Settings, .. main, .. CatalogRows.DefinitionQueries(versionNum)], filter);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            rows = await CatalogRows.ReadMainAsync(reader, filter.IncludePrivileges, pool, ct).ConfigureAwait(false);
            rows = rows.With(await CatalogRows.ReadDefinitionsAsync(reader, first: false, pool, ct).ConfigureAwait(false));
        }
        else
        {
            Interlocked.Increment(ref sharedReads);
            var definitions = ReadDefinitionsAsync(second, filter, versionNum, pool, ct);
            try
            {
                await using (var batch = Batch(openConnection, transaction, main, filter))
                await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    rows = await CatalogRows.ReadMainAsync(reader, filter.IncludePrivileges, pool, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                // Never leave the second connection's batch running unobserved, even when the first one failed.
                await Task.WhenAny(definitions).ConfigureAwait(false);
            }

            rows = rows.With(await definitions.ConfigureAwait(false));
        }

        // Where the sequences stand, when the batch could not read it, on the second connection (its catalog
        // transaction is over) while the first one completes the definitions.
        var positions = second is not null && !rows.PositionsRead && options.SequencePositions ? ReadPositionsAsync(second, rows, ct) : null;
        try
        {
            rows = rows with { Indexes = await IndexPrinter.CompleteAsync(rows, openConnection, transaction, ct).ConfigureAwait(false) };
            rows = rows with { Constraints = await ConstraintPrinter.CompleteAsync(rows, openConnection, transaction, ct).ConfigureAwait(false) };
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
    private static async Task<(string? SnapshotId, string? LockTimeout)> ExportSnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var setting in CatalogQueries.Settings)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END, current_setting('lock_timeout')"));
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (reader.FieldCount < 2 && await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
        }

        if (reader.FieldCount < 2 || !await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return (null, null);
        }

        var id = reader.IsDBNull(0) ? null : reader.GetString(0);
        return (id is not null && IsSnapshotId(id) ? id : null, reader.GetString(1));
    }

    /// <summary>
    /// A second connection whose transaction sees exactly the exported snapshot and waits for locks no longer than
    /// the first (<paramref name="lockTimeout"/>, for the session: a read must not hang on the connection its caller
    /// did not open, in this transaction or in those that read the sequences' positions after it); null when none
    /// can be opened.
    /// </summary>
    private static async Task<SharingConnection?> OpenSharingAsync(NpgsqlConnection connection, string snapshotId, string? lockTimeout, CancellationToken ct)
    {
        var clone = (NpgsqlConnection)((ICloneable)connection).Clone();
        try
        {
            await clone.OpenAsync(ct).ConfigureAwait(false);
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
            // No second connection (connection limit, pooler, authentication): read everything on the first one.
            await clone.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<CatalogRows> ReadPositionsAsync(SharingConnection second, CatalogRows rows, CancellationToken ct)
    {
        await second.Transaction.RollbackAsync(ct).ConfigureAwait(false);
        return await SequencePositions.ReadAsync(rows, second.Connection, ct).ConfigureAwait(false);
    }

    private static async Task<DefinitionRows> ReadDefinitionsAsync(SharingConnection second, CatalogFilter filter, int serverVersionNum, StringPool pool, CancellationToken ct)
    {
        await using var batch = Batch(second.Connection, second.Transaction, CatalogRows.DefinitionQueries(serverVersionNum), filter);
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

    /// <summary>Whether the text is an exported snapshot's id as the server writes it: hexadecimal digits and dashes.</summary>
    private static bool IsSnapshotId(string id) => id.Length > 0 && !id.AsSpan().ContainsAnyExcept(SnapshotIdCharacters);

    private static readonly System.Buffers.SearchValues<char> SnapshotIdCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef-");
}
