namespace SchemaDrift.Provisioning;

/// <summary>
/// Provides a PostgreSQL server: the one way <see cref="PostgresProvisioningOptions.Mode"/> names, else the first of
/// <see cref="PostgresProvisioningOptions.Order"/> available here. By default (the tests): (a) the connection string in
/// an environment variable, else (b) Testcontainers when a Docker engine answers, else (c) a throwaway cluster from the
/// PostgreSQL binaries on this machine. The tool's shadow servers use the same chain in their own order.
/// </summary>
public static class PostgresServerProvider
{
    public static async Task<IPostgresServer> StartAsync(PostgresProvisioningOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PostgresProvisioningOptions();
        var variable = options.ConnectionVariable;
        var external = Environment.GetEnvironmentVariable(variable);
        var image = options.ContainerImage ?? ContainerServer.ImageFor(options.PreferredMajorVersion);

        switch (options.Mode)
        {
            case PostgresServerKind.External:
                return string.IsNullOrWhiteSpace(external)
                    ? throw new PostgresProvisioningException($"{variable} is not set. Set it to a superuser connection string, e.g. Host=localhost;Username=postgres;Password=...")
                    : await ExternalServer.ConnectAsync(external, variable, ct).ConfigureAwait(false);
            case PostgresServerKind.Testcontainers:
                return await ContainerServer.StartAsync(image, ct).ConfigureAwait(false);
            case PostgresServerKind.LocalCluster:
                return await LocalCluster.StartAsync(PostgresBinaries.Find(options.PreferredMajorVersion), options.ClusterRoot, ct).ConfigureAwait(false);
        }

        foreach (var kind in options.Order)
        {
            switch (kind)
            {
                case PostgresServerKind.External when !string.IsNullOrWhiteSpace(external):
                    return await ExternalServer.ConnectAsync(external, variable, ct).ConfigureAwait(false);
                case PostgresServerKind.Testcontainers when await DockerProbe.AnswersAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), options.DockerProbeTimeout, ct).ConfigureAwait(false):
                    return await ContainerServer.StartAsync(image, ct).ConfigureAwait(false);
                case PostgresServerKind.LocalCluster when PostgresBinaries.TryFind(options.PreferredMajorVersion) is { } binaries:
                    return await LocalCluster.StartAsync(binaries, options.ClusterRoot, ct).ConfigureAwait(false);
            }
        }

        throw new PostgresProvisioningException(options.NoneAvailable ??
            $"No PostgreSQL server available. Do one of: install the PostgreSQL {PostgresServerBase.MinimumMajorVersion}+ server binaries " +
            "(Debian/Ubuntu: apt-get install postgresql), start a Docker engine, or set " +
            $"{variable} to a superuser connection string (Npgsql keywords or a postgres:// URL).");
    }
}
