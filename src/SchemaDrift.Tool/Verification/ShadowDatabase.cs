using Npgsql;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Verification;

/// <summary>A scratch database on the shadow server, where migrations are replayed; dropped when disposed.</summary>
public sealed class ShadowDatabase : IAsyncDisposable
{
    private readonly IPostgresServer server;

    private ShadowDatabase(IPostgresServer server, string name, string connectionString)
    {
        this.server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlConnectionStringBuilder Connection => new(ConnectionString);

    public static async Task<ShadowDatabase> CreateAsync(IPostgresServer server, CancellationToken ct)
    {
        var name = PostgresServerBase.NewDatabaseName("sd_shadow");
        var connectionString = await server.CreateDatabaseAsync(name, template: null, ct).ConfigureAwait(false);
        return new ShadowDatabase(server, name, connectionString);
    }

    /// <summary>
    /// Runs the migrations' commands in order, as EF Core does: one transaction per migration, except that a
    /// transaction-suppressed command commits what came before it and runs on its own.
    /// </summary>
    public Task ReplayAsync(IEnumerable<MigrationInfo> migrations, CancellationToken ct) => ReplayAsync(ConnectionString, migrations, ct);

    /// <summary>Runs the migrations' commands on any database (see <see cref="ReplayAsync(IEnumerable{MigrationInfo}, CancellationToken)"/>).</summary>
    public static async Task ReplayAsync(string connectionString, IEnumerable<MigrationInfo> migrations, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        foreach (var migration in migrations)
        {
            await ReplayAsync(connection, migration, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a script (several statements) in one transaction; a failure names <paramref name="what"/>.</summary>
    public async Task ExecuteAsync(string sql, string what, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            var message = ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message;
            throw new VerifyEnvironmentException($"running {what} on the shadow database failed: {message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await server.DropDatabaseAsync(Name).ConfigureAwait(false);
    }

    private static async Task ReplayAsync(NpgsqlConnection connection, MigrationInfo migration, CancellationToken ct)
    {
        NpgsqlTransaction? transaction = null;
        try
        {
            foreach (var command in migration.Commands)
            {
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
        catch (NpgsqlException ex)
        {
            var message = ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message;
            throw new VerifyEnvironmentException($"replaying migration {migration.Id} on the shadow database failed: {message}", ex);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
