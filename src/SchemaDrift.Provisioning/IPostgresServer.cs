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

    /// <summary>Drops a database (a template too), disconnecting its sessions; no error when it does not exist.</summary>
    Task DropDatabaseAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Marks a database as a template: no new connections, and the sessions still connected to it are ended, so
    /// <see cref="CreateDatabaseAsync"/> can clone it (PostgreSQL refuses to copy a database that has sessions).
    /// </summary>
    Task MakeTemplateAsync(string name, CancellationToken ct = default);
}
