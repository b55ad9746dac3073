namespace SchemaDrift.Provisioning;

/// <summary>Where a provisioned server comes from.</summary>
public enum PostgresServerKind
{
    /// <summary>A server named by a connection string (e.g. SCHEMADRIFT_TEST_POSTGRES); never stopped by us.</summary>
    External,

    /// <summary>A container started through Testcontainers on a Docker engine.</summary>
    Testcontainers,

    /// <summary>A throwaway cluster started from the local initdb/pg_ctl, deleted on dispose.</summary>
    LocalCluster,
}

/// <summary>A real PostgreSQL server that hands out fresh databases; disposing it stops what it started.</summary>
public interface IPostgresServer : IAsyncDisposable
{
    PostgresServerKind Kind { get; }

    /// <summary>Superuser connection to the "postgres" database.</summary>
    string AdminConnectionString { get; }

    int MajorVersion { get; }

    /// <summary>One line for people; never contains a password.</summary>
    string Describe();

    /// <summary>Creates a database (optionally cloned from <paramref name="template"/>) and returns a connection string to it.</summary>
    Task<string> CreateDatabaseAsync(string? name = null, string? template = null, CancellationToken ct = default);

    /// <summary>Drops a database, disconnecting its sessions.</summary>
    Task DropDatabaseAsync(string name, CancellationToken ct = default);
}

/// <summary>How to find or start a server.</summary>
/// <param name="ConnectionVariable">The environment variable holding an external server's connection string.</param>
/// <param name="Mode">Force one way of provisioning instead of trying them in order.</param>
/// <param name="PreferredMajorVersion">With local binaries, use this major version when installed.</param>
public sealed record PostgresProvisioningOptions(
    string ConnectionVariable = PostgresProvisioningOptions.DefaultConnectionVariable,
    PostgresServerKind? Mode = null,
    int? PreferredMajorVersion = null)
{
    public const string DefaultConnectionVariable = "SCHEMADRIFT_TEST_POSTGRES";
}

/// <summary>No server could be provided; the message says what to install or set.</summary>
public sealed class PostgresProvisioningException(string message, Exception? inner = null) : Exception(message, inner);
