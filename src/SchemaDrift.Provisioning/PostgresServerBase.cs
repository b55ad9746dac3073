using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Provisioning;

/// <summary>What every kind of server shares: creating, cloning and dropping databases through the admin connection.</summary>
public abstract class PostgresServerBase(string adminConnectionString, int majorVersion) : IPostgresServer
{
    /// <summary>The oldest server we support: DROP DATABASE ... WITH (FORCE) needs 13.</summary>
    public const int MinimumMajorVersion = 13;

    /// <summary>PostgreSQL silently truncates longer names (NAMEDATALEN - 1).</summary>
    public const int MaxIdentifierBytes = 63;

    private static readonly string ProcessTag = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
    private static int counter;

    public abstract PostgresServerKind Kind { get; }

    public string AdminConnectionString { get; } = adminConnectionString;

    public int MajorVersion { get; } = majorVersion;

    public virtual string Describe() =>
        $"{Kind} PostgreSQL {MajorVersion} at {ConnectionDisplay.Describe(new NpgsqlConnectionStringBuilder(AdminConnectionString))}";

    public async Task<string> CreateDatabaseAsync(string? name = null, string? template = null, CancellationToken ct = default)
    {
        name ??= NewDatabaseName();
        CheckName(name, nameof(name));
        var sql = $"CREATE DATABASE {SqlText.Ident(name)}";
        if (template is not null)
        {
            CheckName(template, nameof(template));
            sql += $" TEMPLATE {SqlText.Ident(template)}";
        }

        await WithAdminAsync(
            template is null ? $"create database {name}" : $"create database {name} from template {template}",
            c => ExecuteAsync(c, sql, ct), ct).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        CheckName(name, nameof(name));
        return WithAdminAsync($"drop database {name}", async c =>
        {
            // PostgreSQL refuses to drop a template; unmark it first.
            if (await IsTemplateAsync(c, name, ct).ConfigureAwait(false))
            {
                await ExecuteAsync(c, $"ALTER DATABASE {SqlText.Ident(name)} WITH IS_TEMPLATE false", ct).ConfigureAwait(false);
            }

            await ExecuteAsync(c, $"DROP DATABASE IF EXISTS {SqlText.Ident(name)} WITH (FORCE)", ct).ConfigureAwait(false);
        }, ct);
    }

    public Task MakeTemplateAsync(string name, CancellationToken ct = default)
    {
        CheckName(name, nameof(name));
        return WithAdminAsync($"make {name} a template", async c =>
        {
            await ExecuteAsync(c, $"ALTER DATABASE {SqlText.Ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", ct).ConfigureAwait(false);

            // Sessions end asynchronously: wait until none is left, as a clone would fail while one is.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                await using var command = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", c);
                command.Parameters.AddWithValue("name", name);
                if ((long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! == 0)
                {
                    return;
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }

            throw new PostgresProvisioningException($"Sessions connected to {name} did not end within 5 seconds; close them and try again.");
        }, ct);
    }

    /// <summary>A connection string to <paramref name="database"/> with the admin credentials.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// A unique, valid database name: prefix, UTC time, process id, a counter and a per-process random tag, so
    /// processes on different machines sharing one server do not collide either.
    /// </summary>
    public static string NewDatabaseName(string prefix = "sd")
    {
        var name = $"{prefix}_{DateTime.UtcNow:yyMMddHHmmss}_{Environment.ProcessId}_{Interlocked.Increment(ref counter)}_{ProcessTag}";
        CheckName(name, nameof(prefix));
        return name;
    }

    internal static void CheckName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid database name: at most {MaxIdentifierBytes} bytes, no NUL characters.", parameter);
        }
    }

    internal static async Task<int> ReadMajorVersionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection.PostgreSqlVersion.Major;
    }

    private static async Task<bool> IsTemplateAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT datistemplate FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh admin connection; server errors become one clear exception.</summary>
    private async Task WithAdminAsync(string action, Func<NpgsqlConnection, Task> work, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await work(connection).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new PostgresProvisioningException(
                $"Could not {action} on {Describe()}: {ServerErrors.Brief(ex)}.{Fix(ex.SqlState)}", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new PostgresProvisioningException(
                $"Could not {action}: cannot reach {Describe()}: {ex.Message}. Check that the server is still running.", ex);
        }
    }

    private static string Fix(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.ObjectInUse => " Close the sessions connected to the template, or prepare it with MakeTemplateAsync, which ends them.",
        PostgresErrorCodes.InvalidCatalogName => " Create the template database first.",
        PostgresErrorCodes.DuplicateDatabase => " Choose another name or drop the database first.",
        PostgresErrorCodes.InsufficientPrivilege => " Connect as a superuser or a role with CREATEDB.",
        _ => string.Empty,
    };
}
