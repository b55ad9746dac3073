using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>What to verify, and where migrations are replayed.</summary>
/// <param name="Targets">The databases, in the order they are reported.</param>
/// <param name="Shadow">The <c>--shadow</c> value (null: the configuration's, else auto).</param>
/// <param name="NoCache">Replay even when the expected schema is cached.</param>
/// <param name="ShadowServer">A server to replay on instead of starting one (never stopped here).</param>
public sealed record VerifyRequest(
    IReadOnlyList<DatabaseTarget> Targets, SchemaDriftConfig Config, HostOptions Host, string? Shadow = null, bool NoCache = false, IPostgresServer? ShadowServer = null)
{
    /// <summary><c>--record</c>: once verified, one summary row per environment into its audit schema (the drift trend).</summary>
    public bool Record { get; init; }

    /// <summary>The pipeline run whose commit and URL are recorded with the checks (the process's CI variables when null).</summary>
    public CiIdentity? Identity { get; init; }
}

/// <summary>
/// <c>verify</c>: loads the application, checks its migrations against the lock file offline, then verifies each
/// environment read-only (<see cref="Verifier"/>). Each environment's result is reported as it is known
/// (<see cref="EnvironmentVerified"/>); the whole run is the <see cref="VerifyReport"/>. With <see cref="VerifyRequest.Record"/>
/// the results are recorded (<see cref="DriftLog"/>): the only write verify makes.
/// </summary>
public static class VerifyService
{
    public static async Task<VerifyReport> RunAsync(VerifyRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        ShadowServers.Validate(request.Shadow, request.Config);
        var application = await LoadedApplication.LoadAsync(request.Host with { Parts = MigrationParts.Model }, request.Config, events, ct).ConfigureAwait(false);
        var lockFile = LockFileCheck.Check(application.ProjectDirectory, application.Migrations.Migrations);
        var cache = request.NoCache ? null : ExpectedSchemaCache.ForProject(application.ProjectDirectory);
        var report = await VerifyAsync(request, application.Migrations, application.LoadTime, cache, lockFile, events, ct, application.WithDesignerChangesAsync).ConfigureAwait(false);
        return report with { ProjectDirectory = application.ProjectDirectory };
    }

    /// <summary>
    /// Verifies the targets against already loaded <paramref name="migrations"/>; <paramref name="lockFile"/> is the
    /// offline lock-file check, when made. An environment that cannot be verified is an error in its result, never an
    /// exception: the report is whole either way. <paramref name="designerChanges"/> gives the migrations with their
    /// designer changes when they lack them (<see cref="VerifyOptions.DesignerChanges"/>).
    /// </summary>
    public static async Task<VerifyReport> VerifyAsync(
        VerifyRequest request, MigrationsInfo migrations, TimeSpan hostLoad, ExpectedSchemaCache? cache, LockFileResult? lockFile, IProgress<ToolEvent> events,
        CancellationToken ct = default, Func<CancellationToken, Task<MigrationsInfo>>? designerChanges = null)
    {
        await using var shadows = new ShadowServers(request.Shadow, request.Config, events, given: request.ShadowServer);
        if (lockFile is not null)
        {
            events.Report(new LockFileChecked(lockFile));
        }

        var verifier = new Verifier(migrations, shadows.GetAsync, events, VerifyOptions.From(request.Config, cache) with { DesignerChanges = designerChanges });
        var results = new List<EnvironmentResult>();
        foreach (var target in request.Targets)
        {
            events.Progress($"verifying {target.Label} ({target.Display})");
            EnvironmentResult result;
            try
            {
                result = await verifier.VerifyAsync(target, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ToolException and not OutOfMemoryException)
            {
                // The report is still written: the environment is an error, named with what went wrong.
                result = VerifyFailures.Failed(target, $"unexpected failure: {ex.Message}", null, []);
            }

            events.Report(new EnvironmentVerified(result));
            results.Add(result);
        }

        if (request.Record)
        {
            await RecordAsync(request.Targets, results, migrations.HistoryTable, request.Identity ?? CiIdentity.FromEnvironment(), events, ct).ConfigureAwait(false);
        }

        return new VerifyReport(results, hostLoad, lockFile);
    }

    /// <summary>One summary row per environment into its audit schema; a row that cannot be written is a warning.</summary>
    private static async Task RecordAsync(
        IReadOnlyList<DatabaseTarget> targets, IReadOnlyList<EnvironmentResult> results, HistoryTable historyTable, CiIdentity identity, IProgress<ToolEvent> events, CancellationToken ct)
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var (target, result) in targets.Zip(results))
        {
            try
            {
                await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
                var schema = await MigrationHistory.ResolveSchemaAsync(connection, historyTable, ct).ConfigureAwait(false);
                await DriftLog.RecordAsync(connection, schema, DriftCheck.Of(result, at, target.Environment ?? target.Label, identity.Commit, identity.RunUrl), ct).ConfigureAwait(false);
                events.Detail($"{target.Label}: check recorded in {DriftLog.QualifiedName(schema)}");
            }
            catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException)
            {
                var reason = ex is PostgresException pg ? ServerErrors.Brief(pg) : ex.Message;
                events.Warn($"{target.Label}: the check could not be recorded ({reason}); --record needs INSERT on {DriftLog.Name} (and CREATE on its schema the first time).");
            }
        }
    }
}
