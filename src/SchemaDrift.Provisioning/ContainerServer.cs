using Testcontainers.PostgreSql;

namespace SchemaDrift.Provisioning;

/// <summary>
/// A PostgreSQL container started through Testcontainers; removed on dispose, and by Testcontainers' resource
/// reaper when this process dies first.
/// </summary>
public sealed class ContainerServer : PostgresServerBase
{
    public const int DefaultMajorVersion = 15;

    private readonly PostgreSqlContainer container;

    private ContainerServer(PostgreSqlContainer container, string adminConnectionString, int majorVersion)
        : base(adminConnectionString, majorVersion) => this.container = container;

    public override PostgresServerKind Kind => PostgresServerKind.Testcontainers;

    /// <summary>The image used when none is given: the Alpine image of the preferred (else the default) major version.</summary>
    public static string ImageFor(int? majorVersion) => $"postgres:{majorVersion ?? DefaultMajorVersion}-alpine";

    public static async Task<ContainerServer> StartAsync(string? image = null, CancellationToken ct = default)
    {
        image ??= ImageFor(null);
        var container = new PostgreSqlBuilder(image)
            .WithDatabase("postgres")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
            .Build();
        try
        {
            await container.StartAsync(ct).ConfigureAwait(false);
            var connection = container.GetConnectionString();
            return new ContainerServer(container, connection, await ReadMajorVersionAsync(connection, ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new PostgresProvisioningException(
                $"Could not start a PostgreSQL container ({image}) through Docker: {ex.Message}. " +
                "Check that the Docker engine runs and can pull the image, or install the PostgreSQL server binaries (apt-get install postgresql).", ex);
        }
    }

    public override ValueTask DisposeAsync() => container.DisposeAsync();
}
