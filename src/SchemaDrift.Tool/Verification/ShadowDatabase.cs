using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// A scratch database on the shadow server, where migrations are replayed; dropped when disposed. Its name starts
/// with <see cref="Prefix"/> and its comment names the process that made it, so when a run cannot drop it (the
/// server stopped, the run was killed) the next run that uses the server removes it (<see cref="RemoveStaleAsync"/>).
/// Disposing never throws: a failed drop is a note for after the run's real outcome (<see cref="CleanupNote"/>).
/// </summary>
public sealed class ShadowDatabase : IAsyncDisposable
{
    /// <summary>How every shadow database's name begins.</summary>
    public const string Prefix = "schemadrift_shadow";

    private readonly IPostgresServer server;
    private readonly ICollection<string>? cleanupNotes;

    private ShadowDatabase(IPostgresServer server, string name, string connectionString, ICollection<string>? cleanupNotes)
    {
        this.server = server;
        this.cleanupNotes = cleanupNotes;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlConnectionStringBuilder Connection => new(ConnectionString);

    /// <summary>Why the database could not be dropped when disposed (null when it was, or is not disposed yet).</summary>
    public string? CleanupNote { get; private set; }

    /// <param name="cleanupNotes">Where a failed drop is noted, besides <see cref="CleanupNote"/>.</param>
    public static async Task<ShadowDatabase> CreateAsync(IPostgresServer server, CancellationToken ct, ICollection<string>? cleanupNotes = null)
    {
        var (name, connectionString) = await ScratchDatabases.CreateAsync(server, Prefix, ct).ConfigureAwait(false);
        return new ShadowDatabase(server, name, connectionString, cleanupNotes);
    }

    /// <summary>
    /// Removes the shadow databases that earlier runs could not drop (their process is gone, or, made elsewhere, they
    /// are a day old), and says so.
    /// </summary>
    public static async Task RemoveStaleAsync(IPostgresServer server, IProgress<ToolEvent> events, CancellationToken ct)
    {
        try
        {
            var removed = await ScratchDatabases.RemoveStaleAsync(server, Prefix, ct: ct).ConfigureAwait(false);
            foreach (var database in removed)
            {
                events.Info($"removed the shadow database {database.Name} an earlier run left on the shadow server ({database.Why})");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresProvisioningException or TimeoutException)
        {
            events.Warn($"shadow databases left by earlier runs could not be looked for: {ServerErrors.Describe(ex)}");
        }
    }

    /// <summary>
    /// Runs the migrations' commands in order, as EF Core does: one transaction per migration, except that a
    /// transaction-suppressed command commits what came before it and runs on its own.
    /// </summary>
    public Task ReplayAsync(IEnumerable<MigrationInfo> migrations, CancellationToken ct) => ReplayAsync(ConnectionString, migrations, ct);

    /// <summary>Runs the migrations' commands on any database (see <see cref="ReplayAsync(IEnumerable{MigrationInfo}, CancellationToken)"/>).</summary>
    public static async Task ReplayAsync(string connectionString, IEnumerable<MigrationInfo> migrations, CancellationToken ct)
    {
        await using var connection = await OpenAsync(connectionString, ct).ConfigureAwait(false);
        foreach (var migration in migrations)
        {
            await ReplayAsync(connection, migration, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a script (several statements) in one transaction; a failure names <paramref name="what"/>.</summary>
    public async Task ExecuteAsync(string sql, string what, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ConnectionString, ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            var message = ex is PostgresException pg ? ServerErrors.Brief(pg) : ex.Message;
            throw new VerifyEnvironmentException($"running {what} on the shadow database failed: {message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            await server.DropDatabaseAsync(Name).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PostgresProvisioningException or NpgsqlException or TimeoutException or InvalidOperationException)
        {
            CleanupNote = $"the shadow database {Name} could not be dropped ({(ex is PostgresProvisioningException ? ex.Message.TrimEnd('.') : ServerErrors.Describe(ex))}); " +
                (server.Kind == PostgresServerKind.External
                    ? "the next run that uses this shadow server removes it."
                    : "it goes with the throwaway server.");
            cleanupNotes?.Add(CleanupNote);
        }
    }

    /// <summary>
    /// A connection for replaying: on PostgreSQL 14+ the server checks every second that the client is still there, so
    /// the session of a killed run ends (and its scratch database can be removed) even in the middle of a slow statement.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                await using var check = new NpgsqlCommand("SET client_connection_check_interval = '1s'", connection);
                await check.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ReplayAsync(NpgsqlConnection connection, MigrationInfo migration, CancellationToken ct)
    {
        NpgsqlTransaction? transaction = null;
        var number = 0;
        try
        {
            foreach (var command in migration.Commands)
            {
                number++;
                if (command.TransactionSuppressed && transaction is not null)
                {
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    transaction = null;
                }
                else if (!command.TransactionSuppressed && transaction is null)
                {
                    transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                }

                await using var sql = new NpgsqlCommand(command.Sql, connection, transaction);
                await sql.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            var statement = number == 0 ? null : migration.Commands[number - 1].Sql;
            var where = statement is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" at statement {number} of {migration.Commands.Count} ({SqlText.Abbreviate(statement)})");
            throw new VerifyEnvironmentException($"replaying migration {migration.Id} on the shadow database failed{where}: {ServerErrors.Describe(ex)}", ex)
            {
                Detail = new FailureDetail(VerifyStep.ShadowReplay, migration.Id, statement is null ? null : SqlText.Abbreviate(statement), (ex as PostgresException)?.SqlState),
            };
        }
        finally
        {
            if (transaction is not null)
            {
                try
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    // The connection is broken: the server rolls the transaction back; the error above says why.
                }
            }
        }
    }
}
