using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace SchemaDrift.Postgres.Connections;

/// <summary>Opens connections for inspection and reports failures as one clear, password-free message.</summary>
public static class DatabaseConnector
{
    /// <summary>
    /// Begins a READ ONLY transaction (one round trip: Npgsql sends BEGIN with the SET), so nothing the caller runs in
    /// it can write, whatever role it connects as.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginReadOnlyAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction);
        await readOnly.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return transaction;
    }

    public const string ApplicationName = "schemadrift";

    /// <summary>
    /// How long a session this opens waits for a lock unless its caller says otherwise (<c>lock_timeout</c>): a read
    /// never hangs behind a migration or someone's <c>LOCK TABLE</c>; it fails with SQLSTATE 55P03 instead.
    /// </summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens a connection with the tool's application name, a bounded connect timeout and a bounded lock wait
    /// (<paramref name="lockTimeout"/>, else <see cref="DefaultLockTimeout"/>; zero waits for ever).
    /// </summary>
    public static Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder, CancellationToken ct = default, TimeSpan? lockTimeout = null) =>
        OpenAsync(builder, settings => new NpgsqlConnection(settings.ConnectionString), lockTimeout, ct);

    /// <summary>
    /// Opens a connection to read the catalog, as <see cref="OpenAsync(NpgsqlConnectionStringBuilder, CancellationToken, TimeSpan?)"/>
    /// does, on which Npgsql does not first load every type the database defines: the catalog queries return
    /// built-in types only, and loading the types costs two round trips and tens of milliseconds of server time on a
    /// large schema. Not pooled: a read opens its connections once, and the data source, kept for the process, then
    /// holds no idle connection to the database. A clone of the connection (the reader's second one) shares all this.
    /// </summary>
    public static Task<NpgsqlConnection> OpenForCatalogAsync(NpgsqlConnectionStringBuilder builder, CancellationToken ct = default, TimeSpan? lockTimeout = null) =>
        OpenAsync(builder, settings =>
        {
            settings.Pooling = false;
            return CatalogSources.GetOrAdd(settings.ConnectionString, static connectionString =>
            {
                var source = new NpgsqlSlimDataSourceBuilder(connectionString);
                source.EnableArrays();
                source.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
                return source.Build();
            }).CreateConnection();
        }, lockTimeout, ct);

    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> CatalogSources = new(StringComparer.Ordinal);

    private static async Task<NpgsqlConnection> OpenAsync(
        NpgsqlConnectionStringBuilder builder, Func<NpgsqlConnectionStringBuilder, NpgsqlConnection> create, TimeSpan? lockTimeout, CancellationToken ct)
    {
        NpgsqlConnection? connection = null;
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
            if (string.IsNullOrEmpty(settings.ApplicationName))
            {
                settings.ApplicationName = ApplicationName;
            }

            if (!builder.ContainsKey("Timeout"))
            {
                settings.Timeout = 10;
            }

            connection = create(settings);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await SetLockTimeoutAsync(connection, lockTimeout ?? DefaultLockTimeout, ct).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or ArgumentException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw DatabaseConnectionException.From(ex, builder);
        }
    }

    /// <summary>Sets the session's lock_timeout (whole milliseconds; zero turns it off).</summary>
    public static async Task SetLockTimeoutAsync(NpgsqlConnection connection, TimeSpan timeout, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('lock_timeout', @value, false)", connection);
        command.Parameters.AddWithValue("value", ((long)Math.Ceiling(Math.Max(timeout.TotalMilliseconds, 0))).ToString(CultureInfo.InvariantCulture) + "ms");
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}

/// <summary>The database could not be reached or refused us. The message names the problem and the fix.</summary>
public sealed class DatabaseConnectionException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static DatabaseConnectionException From(Exception ex, NpgsqlConnectionStringBuilder builder)
    {
        var target = ConnectionDisplay.Describe(builder);
        var message = ex switch
        {
            // Errors are matched on SQLSTATE, never on message text.
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } =>
                $"Authentication failed for {target}: wrong user name or password. Check the connection string or the variable it comes from.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
                $"The server refused {target}: {pg.MessageText}. Check pg_hba.conf or the user name.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                $"Database '{builder.Database}' does not exist on {builder.Host}:{builder.Port}. Check the Database part of the connection string.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg =>
                $"Permission denied on {target}: {pg.MessageText}. Grant CONNECT on the database to this role.",
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } =>
                $"The server at {builder.Host}:{builder.Port} has too many connections. Retry later or raise max_connections.",
            PostgresException pg => $"The server rejected {target}: {ServerErrors.Brief(pg)}.",
            _ when FindSocketError(ex) is { } socket => socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    $"Cannot resolve host '{builder.Host}'. Check the Host part of the connection string.",
                SocketError.ConnectionRefused =>
                    $"Nothing is listening on {builder.Host}:{builder.Port}. Start PostgreSQL or check the Host and Port.",
                _ => $"Cannot reach {builder.Host}:{builder.Port}: {socket.Message}. Check the network and the Host and Port.",
            },
            _ when ex is TimeoutException || ex.InnerException is TimeoutException =>
                $"Timed out connecting to {builder.Host}:{builder.Port}. Check that the server is up and reachable.",
            _ => $"Cannot connect to {target}: {ex.Message}",
        };
        return new DatabaseConnectionException(message, ex);
    }

    private static SocketException? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }
}
