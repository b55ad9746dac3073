using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Where the shadow database lives (<c>--shadow</c>, else <c>"shadow"</c> of schemadrift.json, else <c>auto</c>):
/// <c>auto</c> (the configured shadow server, else a throwaway cluster from the local PostgreSQL binaries, else
/// Testcontainers), <c>local</c>, <c>docker</c>, or a connection string to a server where the tool may create and
/// drop scratch databases.
/// </summary>
public sealed class ShadowServers : IAsyncDisposable
{
    public const string Auto = "auto";
    public const string Local = "local";
    public const string Docker = "docker";

    /// <summary>For <c>auto</c>: the local binaries first, then Docker (the provider's chain in this order).</summary>
    private static readonly PostgresServerKind[] AutoOrder = [PostgresServerKind.LocalCluster, PostgresServerKind.Testcontainers];

    private readonly string spec;
    private readonly IProgress<ToolEvent> events;
    private readonly Func<string, string?> getVariable;
    private readonly IPostgresServer? given;
    private IPostgresServer? started;

    /// <param name="given">A server to use instead (tests, or a caller that already has one); never stopped here.</param>
    public ShadowServers(string? option, SchemaDriftConfig config, IProgress<ToolEvent> events, Func<string, string?>? getVariable = null, IPostgresServer? given = null)
    {
        this.given = given;
        this.events = events;
        this.getVariable = getVariable ?? Environment.GetEnvironmentVariable;
        var configured = string.IsNullOrWhiteSpace(config.Shadow) ? null : config.Shadow.Trim();
        spec = string.IsNullOrWhiteSpace(option) || option.Trim() == Auto ? configured ?? Auto : option.Trim();
        if (spec is not (Auto or Local or Docker) && !ConnectionResolver.LooksLikeConnection(spec))
        {
            throw ToolException.Usage($"--shadow '{spec}' is not auto, local, docker, a connection string or a postgres:// URL.");
        }
    }

    /// <summary>Rejects a malformed <c>--shadow</c> before anything slow runs (a usage error).</summary>
    public static void Validate(string? option, SchemaDriftConfig config) => _ = new ShadowServers(option, config, ToolEvents.None);

    /// <summary>What the shadow will be, for messages (never a password).</summary>
    public string Spec => spec is Auto or Local or Docker ? spec : "a configured server";

    /// <summary>The shadow server, started on first use (of <paramref name="majorVersion"/> when local binaries or images allow).</summary>
    public async Task<IPostgresServer> GetAsync(int? majorVersion, CancellationToken ct)
    {
        if (given is not null)
        {
            return given;
        }

        if (started is not null)
        {
            return started;
        }

        events.Progress("starting the shadow PostgreSQL server" + (spec == Auto ? string.Empty : $" ({Spec})"));
        try
        {
            started = spec switch
            {
                Local => await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster, PreferredMajorVersion: majorVersion), ct).ConfigureAwait(false),
                Docker => await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.Testcontainers, PreferredMajorVersion: majorVersion), ct).ConfigureAwait(false),
                Auto => await PostgresServerProvider.StartAsync(
                    new PostgresProvisioningOptions(PreferredMajorVersion: majorVersion)
                    {
                        Order = AutoOrder,
                        NoneAvailable = "no PostgreSQL server binaries (initdb, pg_ctl) and no Docker engine here. Install the PostgreSQL server package, start Docker, " +
                            "or pass --shadow with a connection string to a server where scratch databases may be created.",
                    },
                    ct).ConfigureAwait(false),
                _ => await ExternalServer.ConnectAsync(ConnectionResolver.Expand(spec, "--shadow", getVariable), "the shadow connection (--shadow or \"shadow\" in schemadrift.json)", ct).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ToolException)
        {
            throw new VerifyEnvironmentException($"no shadow PostgreSQL server could be started ({Spec}): {ex.Message}", ex)
            {
                Detail = new FailureDetail(VerifyStep.ShadowServer),
            };
        }

        events.Detail("shadow server: " + started.Describe());
        if (started.Kind == PostgresServerKind.External)
        {
            // A server others share keeps what a killed run or a stopped server left: the first run to use it cleans up.
            await ShadowDatabase.RemoveStaleAsync(started, events, ct).ConfigureAwait(false);
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (started is not null)
        {
            await started.DisposeAsync().ConfigureAwait(false);
            started = null;
        }
    }
}
