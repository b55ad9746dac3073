using Npgsql;
using SchemaDrift.Postgres.Connections;

namespace SchemaDrift.Provisioning;

/// <summary>A server someone else runs, named by a connection string; disposing it leaves it running.</summary>
public sealed class ExternalServer : PostgresServerBase
{
    private ExternalServer(string adminConnectionString, int majorVersion)
        : base(adminConnectionString, majorVersion)
    {
    }

    public override PostgresServerKind Kind => PostgresServerKind.External;

    /// <inheritdoc cref="ConnectAsync(string, string, CancellationToken)"/>
    public static Task<ExternalServer> ConnectAsync(string connection, CancellationToken ct = default) =>
        ConnectAsync(connection, "the connection string", ct);

    /// <summary>
    /// Accepts Npgsql keyword strings and postgres:// URLs (database "postgres" unless one is named); checks that the
    /// server answers, is recent enough and that the role may create databases. <paramref name="source"/> names where
    /// the string came from (e.g. the environment variable) in error messages.
    /// </summary>
    public static async Task<ExternalServer> ConnectAsync(string connection, string source, CancellationToken ct = default)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = ConnectionStringParser.Parse(connection);
        }
        catch (InvalidConnectionStringException ex)
        {
            throw new PostgresProvisioningException($"{ex.Message} Fix {source}: a keyword string (Host=...;Username=...;Password=...) or a postgres:// URL.", ex);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        var where = ConnectionDisplay.Describe(builder);
        int major;
        bool mayCreate;
        try
        {
            await using var open = new NpgsqlConnection(builder.ConnectionString);
            await open.OpenAsync(ct).ConfigureAwait(false);
            major = open.PostgreSqlVersion.Major;
            await using var command = new NpgsqlCommand("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user", open);
            mayCreate = await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new PostgresProvisioningException(
                $"Cannot connect to the PostgreSQL server named by {source} ({where}): {ex.Message}. " +
                "Check that the server runs and that host, port, user and password are right.", ex);
        }

        if (major < MinimumMajorVersion)
        {
            throw new PostgresProvisioningException(
                $"The PostgreSQL server named by {source} ({where}) runs version {major}; {MinimumMajorVersion} or later is needed. Point {source} at a newer server.");
        }

        if (!mayCreate)
        {
            throw new PostgresProvisioningException(
                $"The role {builder.Username} named by {source} ({where}) may not create databases. Use a superuser or a role with CREATEDB.");
        }

        return new ExternalServer(builder.ConnectionString, major);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
