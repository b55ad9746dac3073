namespace SchemaDrift.Provisioning;

/// <summary>How to find or start a server.</summary>
/// <param name="ConnectionVariable">The environment variable holding an external server's connection string.</param>
/// <param name="Mode">Force one way of provisioning instead of trying them in order.</param>
/// <param name="PreferredMajorVersion">With local binaries, use this major version when installed; with Docker, the image's major version.</param>
public sealed record PostgresProvisioningOptions(
    string ConnectionVariable = PostgresProvisioningOptions.DefaultConnectionVariable,
    PostgresServerKind? Mode = null,
    int? PreferredMajorVersion = null)
{
    public const string DefaultConnectionVariable = "SCHEMADRIFT_TEST_POSTGRES";

    /// <summary>The folder local clusters are created in; default <c>$TMPDIR/schemadrift-pg</c>.</summary>
    public string? ClusterRoot { get; init; }

    /// <summary>The Docker image for Testcontainers; default <c>postgres:{PreferredMajorVersion or 15}-alpine</c>.</summary>
    public string? ContainerImage { get; init; }

    /// <summary>
    /// The ways to get a server, tried in this order when <see cref="Mode"/> is not set: an external one (when its
    /// variable is set), Testcontainers (when a Docker engine answers), a local cluster (when binaries are installed).
    /// </summary>
    public IReadOnlyList<PostgresServerKind> Order { get; init; } = [PostgresServerKind.External, PostgresServerKind.Testcontainers, PostgresServerKind.LocalCluster];

    /// <summary>What to say when none of <see cref="Order"/> is available (default: every way there is to get one).</summary>
    public string? NoneAvailable { get; init; }

    /// <summary>How long the Docker engine gets to answer before Docker counts as absent.</summary>
    public TimeSpan DockerProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
