using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Verification;

/// <summary>What to compare, besides the application's migrations.</summary>
/// <param name="Schemas">Only these schemas (all when empty).</param>
/// <param name="ExcludeSchemas">Never these schemas.</param>
/// <param name="Ignore">Accepted differences (the ignore rules of schemadrift.json).</param>
/// <param name="Cache">Where expected schemas are kept between runs (none when null: always replay).</param>
public sealed record VerifyOptions(IReadOnlyList<string>? Schemas = null, IReadOnlyList<string>? ExcludeSchemas = null, IgnoreRules? Ignore = null, ExpectedSchemaCache? Cache = null)
{
    /// <summary>How long a read of the environment waits for a lock (apply's --lock-timeout); null: the in-progress wait's remainder.</summary>
    public TimeSpan? LockTimeout { get; init; }

    /// <summary>
    /// The migrations with their designer changes, for migrations loaded without them (<see cref="MigrationParts.Designer"/>):
    /// asked for only when the model and the migrations disagree, to name the migration where they part.
    /// </summary>
    public Func<CancellationToken, Task<MigrationsInfo>>? DesignerChanges { get; init; }

    /// <summary>The schemas and ignore rules of <paramref name="config"/>, with <paramref name="cache"/>.</summary>
    public static VerifyOptions From(SchemaDriftConfig config, ExpectedSchemaCache? cache = null) =>
        new(config.Schemas, config.ExcludeSchemas, new IgnoreRules(config.Ignore), cache);
}

/// <summary>
/// Verifies one environment against already-loaded migrations, read-only: the history table, the live schema
/// against the one its applied migrations produce on a shadow database, and the model's uncaptured changes.
/// </summary>
public sealed class Verifier(MigrationsInfo migrations, Func<int?, CancellationToken, Task<IPostgresServer>> shadowServer, IProgress<ToolEvent> events, VerifyOptions? options = null)
{
    private readonly MigrationsInfo migrations = migrations;
    private readonly Func<int?, CancellationToken, Task<IPostgresServer>> shadowServer = shadowServer;
    private readonly IProgress<ToolEvent> events = events;
    private readonly VerifyOptions options = options ?? new VerifyOptions();
    // Expected schemas already computed by this verifier: environments with the same applied migrations share one replay.
    private readonly ConcurrentDictionary<string, SchemaSnapshot> remembered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> checksums = migrations.Migrations.ToDictionary(m => m.Id, m => MigrationChecksum.Compute(m.Commands), StringComparer.Ordinal);

    /// <summary>A verifier whose shadow server does not depend on the target's PostgreSQL version.</summary>
    public Verifier(MigrationsInfo migrations, Func<CancellationToken, Task<IPostgresServer>> shadowServer, IProgress<ToolEvent> events, VerifyOptions? options = null)
        : this(migrations, (_, ct) => shadowServer(ct), events, options)
    {
    }

    /// <summary>
    /// Never throws for a problem of the environment itself: that becomes a result with an error, its cause first
    /// (<see cref="EnvironmentResult.Failure"/>), and cleanup that failed after it as notes.
    /// </summary>
    public async Task<EnvironmentResult> VerifyAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        var progress = new VerifyFailures.Tracker();
        var cleanup = new List<string>();
        try
        {
            var result = await VerifyCoreAsync(target, total, progress, cleanup, ct).ConfigureAwait(false);
            return cleanup.Count == 0 ? result : result with { Notes = [.. result.Notes, .. cleanup] };
        }
        catch (DatabaseConnectionException ex)
        {
            return VerifyFailures.Failed(target, ex.Message, new FailureDetail(progress.Step), cleanup);
        }
        catch (VerifyEnvironmentException ex)
        {
            return VerifyFailures.Failed(target, ex.Message, ex.Detail ?? new FailureDetail(progress.Step), cleanup);
        }
        catch (MigrationInProgressException ex)
        {
            return VerifyFailures.Failed(target, ex.Message, new FailureDetail(progress.Step), cleanup);
        }
        catch (PostgresProvisioningException ex)
        {
            return VerifyFailures.Failed(target, $"the shadow server failed: {ex.Message}", new FailureDetail(VerifyStep.ShadowServer), cleanup);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return await VerifyFailures.ServerErrorAsync(target, progress.Step, ex, options.LockTimeout, cleanup, ct).ConfigureAwait(false);
        }
    }

    private async Task<EnvironmentResult> VerifyCoreAsync(DatabaseTarget target, Stopwatch total, VerifyFailures.Tracker progress, List<string> cleanup, CancellationToken ct)
    {
        // 1. History.
        var clock = Stopwatch.StartNew();
        await using var live = await DatabaseConnector.OpenAsync(target.Connection, ct, options.LockTimeout).ConfigureAwait(false);
        progress.Step = VerifyStep.History;
        var historySchema = await MigrationHistory.ResolveSchemaAsync(live, migrations.HistoryTable, ct).ConfigureAwait(false);
        await MigrationInProgress.WaitAsync(live, migrations.HistoryTable, historySchema, ct, lockTimeout: options.LockTimeout).ConfigureAwait(false);
        var historyIds = await MigrationHistory.ReadAppliedAsync(live, migrations.HistoryTable, ct, historySchema).ConfigureAwait(false);
        var codeIds = migrations.Migrations.Select(m => m.Id).ToList();
        var recorded = await AuditTable.ReadRecordedChecksumsAsync(live, historySchema, ct).ConfigureAwait(false);
        var (status, checksumFindings) = HistoryFindings.CompareChecksums(MigrationHistory.Compare(codeIds, historyIds), checksums, recorded);
        var findings = HistoryFindings.Of(status, migrations.HistoryTable, historySchema).ToList();
        findings.AddRange(checksumFindings);
        var notes = new List<string>();
        var disagreements = new List<VerifyFinding>();
        var historyTime = clock.Elapsed;

        // 2. Schema: the live one against the one its applied migrations produce.
        var filter = FilterFor(historySchema);
        clock.Restart();
        await using var shadows = new LazyShadow(this, live.PostgreSqlVersion.Major, status.Applied, target.Label, progress, cleanup, ct);
        var cache = options.Cache;
        var expectedKey = ExpectedSchemaCache.KeyFor("replay", live.PostgreSqlVersion.Major, filter, status.Applied.Select(id => id + " " + checksums[id]));
        var expected = Remembered(expectedKey) ?? cache?.TryLoad(expectedKey);
        var fromCache = expected is not null;
        if (expected is null)
        {
            var replayed = await shadows.GetAsync().ConfigureAwait(false);
            expected = await ReadAsync(replayed, filter, ct).ConfigureAwait(false);
            cache?.TrySave(expectedKey, expected);
            remembered[expectedKey] = expected;
        }

        if (expected.ServerMajorVersion != live.PostgreSqlVersion.Major)
        {
            // A note of the result: its summary shows it, once.
            notes.Add($"the shadow server runs PostgreSQL {expected.ServerMajorVersion} and {target.Label} runs {live.PostgreSqlVersion.Major}: " +
                "catalog output can differ between major versions; use --shadow with a server of the same version");
        }

        var replayTime = clock.Elapsed;
        clock.Restart();
        progress.Step = VerifyStep.Snapshot;
        var liveSnapshot = await CatalogReader.ReadAsync(live, filter, ct).ConfigureAwait(false);
        var snapshotTime = clock.Elapsed;

        var diff = SchemaDiffer.Compare(liveSnapshot, expected);
        var efIndex = new EfModelIndex(migrations);
        var schemaFindings = ModelSeverity.Apply(FindingClassifier.Classify(diff, liveSnapshot, expected), liveSnapshot, expected, efIndex).ToList();

        // Drift that the pending migrations explain: they were applied without their history rows.
        if (schemaFindings.Count > 0 && status.Pending.Count > 0)
        {
            clock.Restart();
            progress.Step = VerifyStep.ShadowReplay;
            schemaFindings = await ExplainByPendingAsync(await shadows.GetAsync().ConfigureAwait(false), liveSnapshot, schemaFindings, status, historySchema, filter, ct).ConfigureAwait(false);
            replayTime += clock.Elapsed;
        }

        findings.AddRange(schemaFindings);

        // 3. Model: what the model's own create script makes, against what the migrations make, once all are applied.
        if (status.Pending.Count == 0 && status.Unknown.Count == 0 && !string.IsNullOrWhiteSpace(migrations.CreateScript))
        {
            clock.Restart();
            var modelKey = ExpectedSchemaCache.KeyFor("model", live.PostgreSqlVersion.Major, filter, [ExpectedSchemaCache.Hash(migrations.CreateCommands is { Count: > 0 } commands ? string.Join("\n", commands.Select(c => c.TransactionSuppressed + " " + c.Sql)) : migrations.CreateScript)]);
            var model = Remembered(modelKey) ?? cache?.TryLoad(modelKey);
            fromCache &= model is not null;
            if (model is null)
            {
                progress.Step = VerifyStep.ShadowServer;
                var server = await shadows.GetServerAsync().ConfigureAwait(false);
                progress.Step = VerifyStep.ModelReplay;
                model = await ModelSnapshotAsync(server, filter, cleanup, ct).ConfigureAwait(false);
                cache?.TrySave(modelKey, model);
                remembered[modelKey] = model;
            }

            var (modelChanges, modelDisagreements) = ModelAgreement.Compare(expected, model, migrations, efIndex);
            if (modelDisagreements.Count > 0 && !efIndex.HasDesignerChanges && options.DesignerChanges is { } designer)
            {
                // Only the designer files place a disagreement: their changes are asked for now that one is found.
                var withDesigner = await designer(ct).ConfigureAwait(false);
                (modelChanges, modelDisagreements) = ModelAgreement.Compare(expected, model, withDesigner, new EfModelIndex(withDesigner));
            }

            findings.AddRange(modelChanges);
            disagreements.AddRange(modelDisagreements);
            replayTime += clock.Elapsed;
        }

        if (migrations.PendingModelChanges.HasChanges)
        {
            var operations = migrations.PendingModelChanges.Operations;
            findings.Add(new VerifyFinding(
                FindingKind.PendingModelChanges,
                migrations.Context.Name,
                Severity.Major,
                FindingCause.ModelChange,
                Expected: operations.Count == 0 ? "model changes" : string.Join("; ", operations),
                Actual: "no migration captures them",
                Fix: "dotnet ef migrations add <Name>"));
        }

        var (kept, ignored) = (options.Ignore ?? IgnoreRules.None).Apply(findings);
        var (keptNotes, ignoredNotes) = (options.Ignore ?? IgnoreRules.None).Apply(disagreements);
        return new EnvironmentResult(
            target.Label,
            target.Display,
            status,
            migrations.PendingModelChanges.HasChanges,
            efIndex.Explain(kept),
            Error: null,
            new VerifyTimings(historyTime, replayTime, snapshotTime, total.Elapsed, fromCache))
        {
            Ignored = [.. ignored, .. ignoredNotes],
            Notes = notes,
            Disagreements = efIndex.Explain(keptNotes),
        };
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
            var table = MigrationHistory.QualifiedName(historySchema, migrations.HistoryTable.Name);
            explained.Add(new VerifyFinding(
                FindingKind.MigrationAppliedWithoutHistory,
                id,
                Severity.Major,
                FindingCause.History,
                Expected: $"{id} recorded in {table}",
                Actual: $"{id} not recorded, but its changes are in the schema: " + string.Join(", ", gone.Select(f => f.Object).Distinct(StringComparer.Ordinal)),
                Fix: MigrationHistory.InsertSql(table, id, migrations.EfCoreVersion)));
            remaining = next;
            if (remaining.Count == 0)
            {
                break;
            }
        }

        return [.. explained, .. remaining];
    }

    /// <summary>The schema the model's own create script makes, on a second shadow database.</summary>
    private async Task<SchemaSnapshot> ModelSnapshotAsync(IPostgresServer server, CatalogFilter filter, ICollection<string> cleanup, CancellationToken ct)
    {
        await using var modelShadow = await ShadowDatabase.CreateAsync(server, ct, cleanup).ConfigureAwait(false);
        if (migrations.CreateCommands is { Count: > 0 } commands)
        {
            await modelShadow.ReplayAsync([new MigrationInfo("(the model's create script)", "create script", commands)], ct).ConfigureAwait(false);
        }
        else
        {
            await modelShadow.ExecuteAsync(migrations.CreateScript, "the model's create script", ct).ConfigureAwait(false);
        }
        return await ReadAsync(modelShadow, filter, ct).ConfigureAwait(false);
    }

    private SchemaSnapshot? Remembered(string key) => remembered.TryGetValue(key, out var snapshot) ? snapshot : null;

    /// <summary>What is compared: the configured schemas, without the history table and the tool's audit and drift-trend tables.</summary>
    public CatalogFilter FilterFor(string historySchema) => new(
        options.Schemas is { Count: > 0 } ? options.Schemas : null,
        options.ExcludeSchemas is { Count: > 0 } ? options.ExcludeSchemas : null,
        [
            historySchema + "." + migrations.HistoryTable.Name, historySchema + "." + migrations.HistoryTable.Name + ".*", historySchema + ".PK_" + migrations.HistoryTable.Name,
            historySchema + "." + AuditTable.Name, historySchema + "." + AuditTable.Name + ".*", historySchema + "." + AuditTable.Name + "_*",
            historySchema + "." + DriftLog.Name, historySchema + "." + DriftLog.Name + ".*", historySchema + "." + DriftLog.Name + "_*",
        ]);

    private static (FindingKind Kind, string Object) Identity(VerifyFinding finding) => (finding.Kind, finding.Object);

    private static async Task<SchemaSnapshot> ReadAsync(ShadowDatabase shadow, CatalogFilter filter, CancellationToken ct)
    {
        await using var connection = await DatabaseConnector.OpenAsync(shadow.Connection, ct).ConfigureAwait(false);
        return await CatalogReader.ReadAsync(connection, filter, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The shadow server and database of one environment, made only when needed (a cache miss, or drift that pending
    /// migrations may explain): the database has the environment's applied migrations replayed.
    /// </summary>
    private sealed class LazyShadow(
        Verifier verifier, int majorVersion, IReadOnlyList<string> applied, string label, VerifyFailures.Tracker progress, ICollection<string> cleanup, CancellationToken ct)
        : IAsyncDisposable
    {
        private IPostgresServer? server;
        private ShadowDatabase? shadow;

        public async Task<IPostgresServer> GetServerAsync() => server ??= await verifier.shadowServer(majorVersion, ct).ConfigureAwait(false);

        /// <summary>The shadow database with the applied migrations replayed (a failure names the step it was in).</summary>
        public async Task<ShadowDatabase> GetAsync()
        {
            if (shadow is null)
            {
                progress.Step = VerifyStep.ShadowServer;
                var on = await GetServerAsync().ConfigureAwait(false);
                verifier.events.Progress($"{label}: replaying {applied.Count} applied migration(s) on a shadow database");
                shadow = await ShadowDatabase.CreateAsync(on, ct, cleanup).ConfigureAwait(false);
                progress.Step = VerifyStep.ShadowReplay;
                var ids = new HashSet<string>(applied, StringComparer.Ordinal);
                await shadow.ReplayAsync(verifier.migrations.Migrations.Where(m => ids.Contains(m.Id)), ct).ConfigureAwait(false);
            }

            progress.Step = VerifyStep.ShadowReplay;
            return shadow;
        }

        public async ValueTask DisposeAsync()
        {
            if (shadow is not null)
            {
                await shadow.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
