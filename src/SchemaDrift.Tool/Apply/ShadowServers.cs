using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>One shadow PostgreSQL server for a run's verifies, started on first use and stopped with the run.</summary>
public sealed class ShadowServers(ToolConsole console, IPostgresServer? given = null) : IAsyncDisposable
{
    private IPostgresServer? started;

    public async Task<IPostgresServer> GetAsync(CancellationToken ct)
    {
        if (given is not null)
        {
            return given;
        }

        if (started is null)
        {
            console.Progress("starting the shadow PostgreSQL server");
            try
            {
                started = await PostgresServerProvider.StartAsync(null, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new VerifyEnvironmentException($"no shadow PostgreSQL server could be started: {ex.Message}", ex);
            }

            console.Detail("shadow server: " + started.Describe());
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
