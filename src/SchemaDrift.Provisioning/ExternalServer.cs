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

    /// <summary>Accepts Npgsql keyword strings and postgres:// URLs; checks the server answers.</summary>
    public static async Task<ExternalServer> ConnectAsync(string connection, CancellationToken ct = default)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = ConnectionStringParser.Parse(connection);
        }
        catch (InvalidConnectionStringException ex)
        {
            throw new PostgresProvisioningException($"{ex.Message} Check the value of the server connection variable.", ex);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        try
        {
            var major = await ReadMajorVersionAsync(builder.ConnectionString, ct).ConfigureAwait(false);
            return new ExternalServer(builder.ConnectionString, major);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            var message = string.IsNullOrEmpty(builder.Password) ? ex.Message : ex.Message.Replace(builder.Password, "********", StringComparison.Ordinal);
            throw new PostgresProvisioningException(
                $"Cannot connect to the PostgreSQL server at {builder.Host}:{builder.Port} as {builder.Username}: {message}. Check the connection string.", ex);
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
