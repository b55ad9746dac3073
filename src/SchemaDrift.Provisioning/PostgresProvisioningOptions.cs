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

    /// <summary>How long the Docker engine gets to answer before Docker counts as absent.</summary>
    public TimeSpan DockerProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
