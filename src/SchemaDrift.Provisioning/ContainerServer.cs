using Testcontainers.PostgreSql;

namespace SchemaDrift.Provisioning;

/// <summary>A PostgreSQL container started through Testcontainers; removed on dispose.</summary>
public sealed class ContainerServer : PostgresServerBase
{
    public const string Image = "postgres:15-alpine";

    private readonly PostgreSqlContainer container;

    private ContainerServer(PostgreSqlContainer container, string adminConnectionString, int majorVersion)
        : base(adminConnectionString, majorVersion) => this.container = container;

    public override PostgresServerKind Kind => PostgresServerKind.Testcontainers;

    public static async Task<ContainerServer> StartAsync(CancellationToken ct = default)
    {
        var container = new PostgreSqlBuilder(Image)
            .WithDatabase("postgres")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
            .Build();
        try
        {
            await container.StartAsync(ct).ConfigureAwait(false);
            var connection = container.GetConnectionString();
            return new ContainerServer(container, connection, await ReadMajorVersionAsync(connection, ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new PostgresProvisioningException(
                $"Could not start a PostgreSQL container ({Image}) through Docker: {ex.Message}. " +
                "Check that the Docker engine runs and can pull the image, or install the PostgreSQL server binaries.", ex);
        }
    }

    public override ValueTask DisposeAsync() => container.DisposeAsync();
}
