using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>
/// One apply run on its open <see cref="MigrationSession"/>: reads bounded by --lock-timeout (retried, audited), the
/// privileges before the lock, the plan and the pre-flight under it, then the migrations and the post-apply verify.
/// </summary>
/// <param name="total">Started with the run, for the time it took.</param>
internal sealed class ApplyRun(ApplyRequest request, LoadedApplication application, MigrationSession session, ShadowServers shadow, IProgress<ToolEvent> events, Stopwatch total)
{
    private readonly BlockedReads reads = new(request.Target, request.LockTimeout, request.Retries, request.RetryDelay, events);
    private readonly MigrationsInfo migrations = application.Migrations;
    private readonly string label = request.Target.Label;

    public static bool Matches(MigrationInfo migration, string name) =>
        string.Equals(migration.Id, name, StringComparison.Ordinal) || string.Equals(migration.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>A dry run or a script: the plan, and whether the run would be refused; nothing changes.</summary>
    public async Task<ApplyResult> PlanOnlyAsync(string prefix, CancellationToken ct)
    {
        IReadOnlyList<PlannedMigration> plan = [];
        PlanContext? context = null;
        try
        {
            await session.ReadHistorySchemaAsync(ct, read => reads.RunAsync("reading the migrations history", read, BlockedReads.NotAudited, ct)).ConfigureAwait(false);
            plan = await reads.RunAsync("reading the migrations history and the catalog", () => PlanAsync(ct), BlockedReads.NotAudited, ct).ConfigureAwait(false);
            context = new PlanContext(label, request.Target.Display, request.Target.Environment, session.HistorySchema, migrations.HistoryTable.Name,
                session.LockKey, request.LockTimeout, request.StatementTimeout, migrations.EfCoreVersion);
            if (plan.Count == 0)
            {
                return NothingToApply(prefix, plan, context);
            }

            var (lockFile, verification, promotion) = await reads.RunAsync("the pre-flight", () => CheckAsync(plan, ct), BlockedReads.NotAudited, ct).ConfigureAwait(false);
            var missing = request.DryRun ? await MissingPrivilegesAsync(plan.Select(m => m.Migration), ct).ConfigureAwait(false) : null;
            var decision = ApplyPolicy.Evaluate(
                Facts() with { MissingPrivileges = missing, Pending = plan }, verification, lockFile, request.PolicyEnvironment(promotion), request.Overrides);
            ApplyService.Warn(decision, events);
            var result = decision.Refused
                ? ApplyService.Refused(decision, prefix, events, plan, context)
                : new ApplyResult(ApplyOutcome.Planned, decision, plan, context);
            events.Info(decision.Refused
                ? $"dry run: apply to {label} would be refused; nothing was changed."
                : $"dry run: {plan.Count} migration(s) would be applied to {label}; nothing was changed.");
            return result;
        }
        catch (ReadBlockedException ex)
        {
            // The plan read before the pre-flight was blocked is still shown (and written).
            events.Fail($"{label}: {ex.Message}");
            return new ApplyResult(ApplyOutcome.ReadBlocked, new ApplyDecision(ApplyVerdict.Proceed, [], []), plan, context) { Failure = ex.Message };
        }
    }

    /// <summary>Applies: the privileges before the lock, then under it the plan, the pre-flight and the migrations.</summary>
    public async Task<ApplyResult> ApplyAsync(CancellationToken ct)
    {
        // Before the lock, read-only: what the run would apply, and whether the role may do all of it.
        IReadOnlyList<PlannedMigration> wouldApply = [];
        try
        {
            await session.ReadHistorySchemaAsync(ct, read => reads.RunAsync("reading the migrations history", read, BlockedReads.NotAudited, ct)).ConfigureAwait(false);
            wouldApply = await reads.RunAsync(
                "reading the migrations history", () => PendingAsync(ct), text => RecordRefusalAsync(wouldApply, text, create: false, ct, AuditOutcome.Failed), ct).ConfigureAwait(false);
            if (wouldApply.Count > 0)
            {
                var missing = await MissingPrivilegesAsync(wouldApply.Select(m => m.Migration), ct).ConfigureAwait(false);
                var privileges = ApplyPolicy.Evaluate(Facts() with { MissingPrivileges = missing }, null, null, request.PolicyEnvironment(), request.Overrides);
                if (privileges.Refused)
                {
                    var result = ApplyService.Refused(privileges, "refused: ", events);
                    events.Info($"{label}: nothing was changed.");
                    if (!missing.Any(m => m.Object == AuditTable.QualifiedName(session.HistorySchema)))
                    {
                        await RecordRefusalAsync(wouldApply, "refused: " + privileges.Refusals[0].Message, create: false, ct).ConfigureAwait(false);
                    }

                    return result;
                }
            }
        }
        catch (ReadBlockedException ex)
        {
            events.Fail($"{label}: {ex.Message}");
            return ApplyResult.Stopped(ApplyOutcome.ReadBlocked, ex.Message);
        }

        events.Progress($"{label}: taking the migration lock (waiting at most {Durations.Describe(request.LockWait)})");
        try
        {
            await session.LockAsync(request.LockWait, ct).ConfigureAwait(false);
        }
        catch (LockNotAcquiredException ex)
        {
            events.Fail($"{label}: {ex.Message} Nothing was changed.");
            try
            {
                await RecordRefusalAsync(await PendingAsync(ct).ConfigureAwait(false), "refused: the migration lock was not had within --lock-wait: " + ex.Message, create: false, ct).ConfigureAwait(false);
            }
            catch (NpgsqlException recordError)
            {
                // The holder's migration transaction locks the history table: nothing to read it with.
                events.Warn($"the refusal could not be recorded in the audit trail: {ServerErrors.Describe(recordError)}");
            }

            return ApplyResult.Stopped(ApplyOutcome.LockNotHad, ex.Message + " Nothing was changed.");
        }

        try
        {
            return await LockedAsync(wouldApply, ct).ConfigureAwait(false);
        }
        catch (ReadBlockedException ex)
        {
            events.Fail($"{label}: {ex.Message}");
            return ApplyResult.Stopped(ApplyOutcome.ReadBlocked, ex.Message);
        }
    }

    private async Task<ApplyResult> LockedAsync(IReadOnlyList<PlannedMigration> wouldApply, CancellationToken ct)
    {
        // Read under the lock: a run that waited finds what the one before it applied.
        Task Audited(string text) => RecordRefusalAsync(wouldApply, text, create: true, ct, AuditOutcome.Failed);
        var plan = await reads.RunAsync("reading the migrations history and the catalog", () => PlanAsync(ct), Audited, ct).ConfigureAwait(false);
        if (plan.Count == 0)
        {
            return NothingToApply("refused: ", plan, null);
        }

        var (lockFile, verification, promotion) = await reads.RunAsync("the pre-flight", () => CheckAsync(plan, ct), Audited, ct).ConfigureAwait(false);
        var decision = ApplyPolicy.Evaluate(Facts() with { Pending = plan }, verification, lockFile, request.PolicyEnvironment(promotion), request.Overrides);
        ApplyService.Warn(decision, events);
        if (decision.Refused)
        {
            var refused = ApplyService.Refused(decision, "refused: ", events, plan);
            events.Info($"{label}: nothing was changed.");
            await RecordRefusalAsync(plan, "refused: " + string.Join(" | ", decision.Refusals.Select(r => r.Message)), create: true, ct).ConfigureAwait(false);
            return refused;
        }

        if (request.Environment?.Protected == true && !request.Overrides.Yes && request.Confirm?.Invoke(new Confirmation(request.Target, [.. plan.Select(m => m.Id)])) != true)
        {
            var notConfirmed = new ApplyDecision(ApplyVerdict.Refused, [ApplyPolicy.NotConfirmed(label)], decision.Warnings);
            var refused = ApplyService.Refused(notConfirmed, "refused: ", events, plan);
            await RecordRefusalAsync(plan, "refused: not confirmed on the terminal", create: true, ct).ConfigureAwait(false);
            return refused;
        }

        // Back up before the first change (--backup DIR, or "backup" of the environment); no backup, no change.
        if (await BackupAsync(plan, ct).ConfigureAwait(false) is { } noBackup)
        {
            return new ApplyResult(ApplyOutcome.BackupFailed, decision, plan, null) { Failure = noBackup };
        }

        var executor = new MigrationExecutor(
            session.Connection,
            session.HistorySchema,
            migrations.HistoryTable.Name,
            new ExecutionOptions(request.Retries, request.Target.Environment, request.Overrides.AuditReason(), CiIdentity.FromEnvironment(), migrations.EfCoreVersion) { RetryDelay = request.RetryDelay },
            events);
        var (applied, failure) = await ExecuteAsync(executor, plan, ct).ConfigureAwait(false);
        if (failure is not null)
        {
            return new ApplyResult(ApplyOutcome.MigrationFailed, decision, plan, null) { Applied = applied, Failure = failure };
        }

        // After: the database against the code again, recorded with the run.
        var (result, summary, unrecorded) = await PostVerify.RunAsync(VerifyAsync, session, executor.AuditIds, "post-apply verify", events, ct).ConfigureAwait(false);
        events.Info(string.Create(CultureInfo.InvariantCulture, $"{label}: applied {applied} migration(s) in {total.Elapsed.TotalSeconds:0.0} s; post-apply verify: {summary}"));
        if (unrecorded is not null)
        {
            events.Warn(unrecorded);
        }

        return new ApplyResult(ApplyOutcome.Applied, decision, plan, null) { Applied = applied, PostVerify = result };
    }

    /// <summary>Runs the migrations in order; the number applied, and the failure of the one that failed (said, with what could not be done after it).</summary>
    private async Task<(int Applied, string? Failure)> ExecuteAsync(MigrationExecutor executor, IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
    {
        await executor.EnsureTablesAsync(ct).ConfigureAwait(false);
        foreach (var index in await executor.InvalidIndexesNowAsync(ct).ConfigureAwait(false))
        {
            events.Warn($"the index {index} is invalid (an interrupted or failed concurrent build): queries do not use it; rebuild it with REINDEX INDEX CONCURRENTLY {index}, or drop it.");
        }

        events.Info($"{label}: applying {plan.Count} migration(s)");
        var applied = 0;
        foreach (var migration in plan)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                if (await executor.ApplyAsync(migration, ct).ConfigureAwait(false))
                {
                    applied++;
                    events.Success(string.Create(CultureInfo.InvariantCulture, $"{migration.Id} ({clock.Elapsed.TotalSeconds:0.00} s)"), indent: "  ");
                }
            }
            catch (MigrationFailedException ex)
            {
                events.Fail($"{label}: {ex.Message}");
                foreach (var note in ex.Notes)
                {
                    events.Warn(note);
                }

                if (ex.InnerException is not null)
                {
                    events.DetailText(ex.InnerException.ToString());
                }

                return (applied, ex.Message);
            }
        }

        return (applied, null);
    }

    /// <summary>The backup asked for, taken and recorded; why none could be made (audited, nothing changed), or null.</summary>
    private async Task<string?> BackupAsync(IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
    {
        try
        {
            await PreChangeBackup.RunAsync(
                new(request.Backup, request.BackupMode, request.Target, request.Environment, request.Config, session.Connection, session.HistorySchema, migrations.HistoryTable.Name, request.LockTimeout),
                events,
                ct).ConfigureAwait(false);
            return null;
        }
        catch (BackupException ex)
        {
            var refusal = $"refused: no backup could be made: {ex.Message} Nothing was changed.";
            events.Fail($"{label}: {refusal}");
            await RecordRefusalAsync(plan, refusal, create: true, ct).ConfigureAwait(false);
            return refusal;
        }
    }

    /// <summary>Nothing pending: up to date, unless the model has changes no migration captures (refused).</summary>
    private ApplyResult NothingToApply(string prefix, IReadOnlyList<PlannedMigration> plan, PlanContext? context)
    {
        var decision = ApplyPolicy.Evaluate(Facts() with { Pending = plan }, null, null, request.PolicyEnvironment(), request.Overrides);
        if (decision.Refused)
        {
            return ApplyService.Refused(decision, prefix, events, plan, context);
        }

        events.Success($"{label}: nothing to apply; the database is up to date.");
        return new ApplyResult(ApplyOutcome.NothingToApply, decision, plan, context);
    }

    /// <summary>What the policy knows from the application (and the connected role, for messages).</summary>
    private ApplyPlan Facts() => ApplyPlan.Of(migrations) with { Role = session.Connection.UserName };

    /// <summary>The checks that read: the lock file, the pre-flight verify, and the environment promoted from.</summary>
    private async Task<(LockFileResult LockFile, EnvironmentResult Verification, PromotionCheck? Promotion)> CheckAsync(IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
    {
        var lockFile = LockFileCheck.Check(application.ProjectDirectory, migrations.Migrations);
        events.Progress($"{label}: pre-flight verify");
        var result = await VerifyAsync(ct).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            if (result.Failure is { SqlState: PostgresErrorCodes.LockNotAvailable } blocked)
            {
                throw new ReadBlockedException($"the pre-flight verify: {error}", blocked.BlockedBy);
            }

            throw ToolException.Environment($"pre-flight verify of {label} could not run: {error}");
        }

        ApplyService.Notes(result, events);
        PromotionCheck? promotion = null;
        if (request.Environment?.PromotedFrom is { } source && !request.Overrides.SkipPromotionCheck)
        {
            events.Progress($"{label}: promotion guard (reading '{source}')");
            promotion = await PromotionGuard.CheckAsync(source, request.Config, migrations, plan, ct, request.LockTimeout).ConfigureAwait(false);
        }

        return (lockFile, result, promotion);
    }

    private Task<EnvironmentResult> VerifyAsync(CancellationToken ct) =>
        new Verifier(migrations, shadow.GetAsync, events, VerifyOptions.From(request.Config, ExpectedSchemaCache.ForProject(application.ProjectDirectory)) with
        {
            LockTimeout = request.LockTimeout,
            DesignerChanges = application.WithDesignerChangesAsync,
        })
            .VerifyAsync(request.Target, ct);

    /// <summary>The privileges the pending migrations and the tool's bookkeeping need that the connected role lacks.</summary>
    private async Task<IReadOnlyList<PrivilegeNeed>> MissingPrivilegesAsync(IEnumerable<MigrationInfo> pending, CancellationToken ct) =>
        await PlanPrivileges.MissingAsync(session.Connection, PlanPrivileges.Needs(session.HistorySchema, migrations.HistoryTable.Name, pending), ct).ConfigureAwait(false);

    /// <summary>The pending migrations (up to --to) with their checksums, without analysing them.</summary>
    private async Task<IReadOnlyList<PlannedMigration>> PendingAsync(CancellationToken ct) =>
        (await PendingMigrationsAsync(ct).ConfigureAwait(false)).Select(m => new PlannedMigration(m, MigrationChecksum.Compute(m.Commands), [])).ToList();

    /// <summary>The pending migrations (up to --to), read now, analysed against the live catalog.</summary>
    private async Task<IReadOnlyList<PlannedMigration>> PlanAsync(CancellationToken ct) =>
        await ApplyPlanner.PlanAsync(session.Connection, await PendingMigrationsAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    private async Task<List<MigrationInfo>> PendingMigrationsAsync(CancellationToken ct)
    {
        var applied = await session.ReadAppliedAsync(ct).ConfigureAwait(false);
        return ApplyService.Pending(migrations, applied.ToHashSet(StringComparer.Ordinal), request.To);
    }

    /// <summary>
    /// Records a refused attempt (action fail, outcome refused) for each migration it would have applied: in the
    /// audit trail only, never in the schema. <paramref name="create"/> false records only into an existing trail
    /// (without the lock, creating the table could race a run that holds it).
    /// </summary>
    private Task RecordRefusalAsync(IReadOnlyList<PlannedMigration> plan, string error, bool create, CancellationToken ct, AuditOutcome outcome = AuditOutcome.Refused) =>
        RefusalRecords.RecordAsync(session, plan, request.Target.Environment, request.Overrides.AuditReason(), error, create, events, ct, outcome);
}
