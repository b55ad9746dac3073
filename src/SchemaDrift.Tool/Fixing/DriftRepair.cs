using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Fixing;

/// <summary>What <c>fix</c> found for one environment: the verification, and the guarded repair of its drift.</summary>
/// <param name="Verification">The environment's <c>verify</c> result.</param>
/// <param name="Plan">The repair of the unexplained drift (null when there is none to plan).</param>
/// <param name="Commands">The repair as commands: the guards, then one guarded block per repair (null when the plan repairs nothing).</param>
public sealed record DriftRepairResult(EnvironmentResult Verification, RepairPlan? Plan, IReadOnlyList<RepairCommand>? Commands)
{
    /// <summary>The commands as one script (null when the plan repairs nothing).</summary>
    public string? Sql => Commands is null ? null : RepairScript.Text(Commands);
}

/// <summary>
/// Plans the repair of an environment's drift: verifies it, replays all of the code's migrations on a shadow
/// database, and turns the differences from the live schema to that one into a guarded repair (see
/// <see cref="RepairPlanner"/>). Read-only on the environment. The shadow database is made once and kept until
/// disposed, so several environments are planned against one replay. <paramref name="designerChanges"/>: see
/// <see cref="VerifyOptions.DesignerChanges"/>.
/// </summary>
public sealed class DriftRepair(
    MigrationsInfo migrations, IPostgresServer shadowServer, SchemaDriftConfig config, IProgress<ToolEvent> events,
    Func<CancellationToken, Task<MigrationsInfo>>? designerChanges = null) : IAsyncDisposable
{
    private readonly Verifier verifier = new(
        migrations, _ => Task.FromResult(shadowServer), events, VerifyOptions.From(config) with { DesignerChanges = designerChanges });

    private ShadowDatabase? shadow;

    public async ValueTask DisposeAsync()
    {
        if (shadow is not null)
        {
            await shadow.DisposeAsync().ConfigureAwait(false);
            shadow = null;
        }
    }

    /// <param name="renames">Repair a likely renamed column by renaming it back, keeping its data (false: the missing
    /// column is added and the extra one is an extra object).</param>
    public async Task<DriftRepairResult> PlanAsync(DatabaseTarget target, bool allowDestructive, bool renames = true, CancellationToken ct = default)
    {
        var verification = await verifier.VerifyAsync(target, ct).ConfigureAwait(false);
        if (verification.Error is not null)
        {
            throw ToolException.Environment($"{target.Label} could not be verified: {verification.Error}");
        }

        var status = verification.Migrations;
        if (status.Pending.Count > 0 || status.Unknown.Count > 0)
        {
            throw ToolException.Usage(
                $"{target.Label} is not fully migrated ({status.Pending.Count} pending, {status.Unknown.Count} unknown migration(s)). " +
                "A repair runs after every migration of the code, so fix needs an environment that has them all: apply the pending migrations " +
                $"first (dotnet schemadrift apply --env {target.Label}), or deploy the code that has the unknown ones.");
        }

        if (!verification.Findings.Any(f => f.Cause == FindingCause.Unexplained) && !verification.Ignored.Any(i => i.Finding.Cause == FindingCause.Unexplained))
        {
            return new DriftRepairResult(verification, null, null);
        }

        events.Progress($"{target.Label}: planning the repair against a replay of all {migrations.Migrations.Count} migration(s)");
        await using var live = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
        var historySchema = await MigrationHistory.ResolveSchemaAsync(live, migrations.HistoryTable, ct).ConfigureAwait(false);
        var filter = verifier.FilterFor(historySchema);
        if (shadow is null)
        {
            shadow = await ShadowDatabase.CreateAsync(shadowServer, ct).ConfigureAwait(false);
            await shadow.ReplayAsync(migrations.Migrations, ct).ConfigureAwait(false);
        }

        await using var expectedConnection = await DatabaseConnector.OpenAsync(shadow.Connection, ct).ConfigureAwait(false);

        var liveSnapshot = await CatalogReader.ReadAsync(live, filter, ct).ConfigureAwait(false);
        var expected = await CatalogReader.ReadAsync(expectedConnection, filter, ct).ConfigureAwait(false);
        var drift = DriftAnalyzer.Analyze(SchemaDiffer.Compare(liveSnapshot, expected), liveSnapshot, expected, pairRenames: renames);
        var ignored = verification.Ignored.Where(i => !i.Finding.FromModel).Select(i => (i.Finding.Kind, i.Finding.Object)).ToHashSet();
        var plan = await RepairPlanner.PlanAsync(drift, liveSnapshot, expected, live, expectedConnection, allowDestructive, ignored, ct).ConfigureAwait(false);
        var commands = plan.IsEmpty ? null : RepairScript.Render(plan, Title(target, plan));
        return new DriftRepairResult(verification, plan, commands);
    }

    private string Title(DatabaseTarget target, RepairPlan plan) =>
        $"{plan.Steps.Count} difference(s) found in {target.Label}, after migration {migrations.Migrations[^1].Id}.\n" +
        "Each repair runs only where its guard sees the difference: on a database without the drift this changes nothing.";
}
