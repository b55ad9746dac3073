using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Verification;

/// <summary>What to compare, besides the application's migrations.</summary>
/// <param name="Schemas">Only these schemas (all when empty).</param>
/// <param name="ExcludeSchemas">Never these schemas.</param>
public sealed record VerifyOptions(IReadOnlyList<string>? Schemas = null, IReadOnlyList<string>? ExcludeSchemas = null);

/// <summary>
/// Verifies one environment against already-loaded migrations, read-only: the history table, the live schema
/// against the one its applied migrations produce on a shadow database, and the model's uncaptured changes.
/// </summary>
public sealed class Verifier(MigrationsInfo migrations, Func<CancellationToken, Task<IPostgresServer>> shadowServer, ToolConsole console, VerifyOptions? options = null)
{
    private readonly VerifyOptions options = options ?? new VerifyOptions();

    /// <summary>Never throws for a problem of the environment itself: that becomes a result with an error.</summary>
    public async Task<EnvironmentResult> VerifyAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        try
        {
            return await VerifyCoreAsync(target, total, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            return Failed(target, ex.Message);
        }
        catch (VerifyEnvironmentException ex)
        {
            return Failed(target, ConnectionDisplay.Scrub(ex.Message, target.Connection));
        }
        catch (NpgsqlException ex)
        {
            var message = ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message;
            return Failed(target, ConnectionDisplay.Scrub($"reading {target.Display} failed: {message}", target.Connection));
        }
    }

    private async Task<EnvironmentResult> VerifyCoreAsync(DatabaseTarget target, Stopwatch total, CancellationToken ct)
    {
        // 1. History.
        var clock = Stopwatch.StartNew();
        await using var live = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
        await Apply.MigrationInProgress.WaitAsync(live, migrations.HistoryTable, ct).ConfigureAwait(false);
        var historySchema = await MigrationHistory.ResolveSchemaAsync(live, migrations.HistoryTable, ct).ConfigureAwait(false);
        var historyIds = await MigrationHistory.ReadAppliedAsync(live, migrations.HistoryTable, ct).ConfigureAwait(false);
        var codeIds = migrations.Migrations.Select(m => m.Id).ToList();
        var status = MigrationHistory.Compare(codeIds, historyIds);
        var findings = MigrationHistory.Findings(status, migrations.HistoryTable, historySchema).ToList();
        var historyTime = clock.Elapsed;

        // 2. Schema: the live one against the one its applied migrations produce.
        var filter = new CatalogFilter(
            options.Schemas is { Count: > 0 } ? options.Schemas : null,
            options.ExcludeSchemas is { Count: > 0 } ? options.ExcludeSchemas : null,
            [historySchema + "." + migrations.HistoryTable.Name, historySchema + "." + migrations.HistoryTable.Name + ".*", historySchema + ".PK_" + migrations.HistoryTable.Name, historySchema + "." + Migrations.AuditTable.Name + "*"]);
        console.Progress($"{target.Label}: replaying {status.Applied.Count} applied migration(s) on a shadow database");
        clock.Restart();
        var server = await shadowServer(ct).ConfigureAwait(false);
        await using var shadow = await ShadowDatabase.CreateAsync(server, ct).ConfigureAwait(false);
        var applied = new HashSet<string>(status.Applied, StringComparer.Ordinal);
        await shadow.ReplayAsync(migrations.Migrations.Where(m => applied.Contains(m.Id)), ct).ConfigureAwait(false);
        var replayTime = clock.Elapsed;

        clock.Restart();
        var liveSnapshot = await CatalogReader.ReadAsync(live, filter, ct).ConfigureAwait(false);
        var expected = await ReadAsync(shadow, filter, ct).ConfigureAwait(false);
        var snapshotTime = clock.Elapsed;

        var diff = SchemaDiffer.Compare(liveSnapshot, expected);
        var schemaFindings = FindingClassifier.Classify(diff, liveSnapshot, expected).ToList();

        // Drift that the pending migrations explain: they were applied without their history rows.
        if (schemaFindings.Count > 0 && status.Pending.Count > 0)
        {
            clock.Restart();
            schemaFindings = await ExplainByPendingAsync(shadow, liveSnapshot, schemaFindings, status, historySchema, filter, ct).ConfigureAwait(false);
            replayTime += clock.Elapsed;
        }

        findings.AddRange(schemaFindings);

        // 3. Model.
        if (migrations.PendingModelChanges.HasChanges)
        {
            var operations = migrations.PendingModelChanges.Operations;
            findings.Add(new VerifyFinding(
                "pending-model-changes",
                migrations.Context.Name,
                Severity.Major,
                FindingCause.ModelChange,
                Expected: operations.Count == 0 ? "model changes" : string.Join("; ", operations),
                Actual: "no migration captures them",
                Fix: "dotnet ef migrations add <Name>"));
        }

        return new EnvironmentResult(
            target.Label,
            target.Display,
            status,
            migrations.PendingModelChanges.HasChanges,
            findings,
            Error: null,
            new VerifyTimings(historyTime, replayTime, snapshotTime, total.Elapsed));
    }

    /// <summary>
    /// Replays the pending migrations one at a time on the shadow: a migration whose replay makes some differences
    /// vanish and adds none was applied without its history row. Those differences become one finding (cause
    /// <c>history</c>) naming the migration; the rest stay unexplained.
    /// </summary>
    private async Task<List<VerifyFinding>> ExplainByPendingAsync(
        ShadowDatabase shadow, SchemaSnapshot live, List<VerifyFinding> findings, MigrationStatus status, string historySchema, CatalogFilter filter, CancellationToken ct)
    {
        var remaining = findings;
        var byId = migrations.Migrations.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var explained = new List<VerifyFinding>();
        foreach (var id in status.Pending)
        {
            try
            {
                await shadow.ReplayAsync([byId[id]], ct).ConfigureAwait(false);
            }
            catch (VerifyEnvironmentException)
            {
                break;
            }

            var expected = await ReadAsync(shadow, filter, ct).ConfigureAwait(false);
            var next = FindingClassifier.Classify(SchemaDiffer.Compare(live, expected), live, expected).ToList();
            var before = remaining.Select(Identity).ToHashSet();
            if (next.Count >= remaining.Count || !next.All(f => before.Contains(Identity(f))))
            {
                break;
            }

            var after = next.Select(Identity).ToHashSet();
            var gone = remaining.Where(f => !after.Contains(Identity(f))).ToList();
            var table = MigrationHistory.Quote(historySchema) + "." + MigrationHistory.Quote(migrations.HistoryTable.Name);
            explained.Add(new VerifyFinding(
                "migration-applied-without-history",
                id,
                Severity.Major,
                FindingCause.History,
                Expected: $"{id} recorded in {table}",
                Actual: $"{id} not recorded, but its changes are in the schema: " + string.Join(", ", gone.Select(f => f.Object).Distinct(StringComparer.Ordinal)),
                Fix: $"INSERT INTO {table} (\"MigrationId\", \"ProductVersion\") VALUES ('{id.Replace("'", "''", StringComparison.Ordinal)}', '{migrations.EfCoreVersion}');"));
            remaining = next;
            if (remaining.Count == 0)
            {
                break;
            }
        }

        return [.. explained, .. remaining];
    }

    private static (string Kind, string Object) Identity(VerifyFinding finding) => (finding.Kind, finding.Object);

    private static async Task<SchemaSnapshot> ReadAsync(ShadowDatabase shadow, CatalogFilter filter, CancellationToken ct)
    {
        await using var connection = await DatabaseConnector.OpenAsync(shadow.Connection, ct).ConfigureAwait(false);
        return await CatalogReader.ReadAsync(connection, filter, ct).ConfigureAwait(false);
    }

    private static EnvironmentResult Failed(DatabaseTarget target, string message) =>
        new(target.Label, target.Display, MigrationStatus.Empty, false, [], message, null);
}
