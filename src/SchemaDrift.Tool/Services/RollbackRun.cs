using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
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
/// One rollback on its open <see cref="MigrationSession"/>: the history and every Down checked before anything is
/// locked (an empty or throwing Down refuses the run there), the privileges, then under the advisory lock the history
/// again, each Down analysed against the live catalog, the policy, and the migrations reverted newest first by the
/// executor apply uses, each in its own transaction with its history row removed and its audit record; then the
/// post-rollback verify. Reads are bounded by --lock-timeout and retried, as apply's are.
/// </summary>
/// <param name="target">The position of --to among the code's migrations (-1: before the first).</param>
/// <param name="total">Started with the run, for the time it took.</param>
internal sealed class RollbackRun(
    RollbackRequest request, LoadedApplication application, int target, MigrationSession session, ShadowServers shadow, IProgress<ToolEvent> events, Stopwatch total)
{
    private readonly BlockedReads reads = new(request.Target, request.LockTimeout, request.Retries, request.RetryDelay, events, "rollback");
    private readonly MigrationsInfo migrations = application.Migrations;
    private readonly string label = request.Target.Label;

    /// <summary>A dry run or a script: the plan, and whether the run would be refused; nothing changes.</summary>
    public async Task<RollbackResult> PlanOnlyAsync(CancellationToken ct)
    {
        const string prefix = "rollback would be refused: ";
        IReadOnlyList<PlannedMigration> plan = [];
        PlanContext? context = null;
        try
        {
            await session.ReadHistorySchemaAsync(ct, read => reads.RunAsync("reading the migrations history", read, BlockedReads.NotAudited, ct)).ConfigureAwait(false);
            var facts = await reads.RunAsync("reading the migrations history", () => FactsAsync(ct), BlockedReads.NotAudited, ct).ConfigureAwait(false);
            var decision = Evaluate(facts);
            if (decision.Refused || decision.Verdict == ApplyVerdict.NothingToApply)
            {
                return decision.Refused ? RollbackService.Refused(decision, prefix, events) : NothingToRollBack(facts, decision);
            }

            plan = await reads.RunAsync("reading the catalog", () => PlanAsync(facts, ct), BlockedReads.NotAudited, ct).ConfigureAwait(false);
            context = new PlanContext(label, request.Target.Display, request.Target.Environment, session.HistorySchema, migrations.HistoryTable.Name,
                session.LockKey, request.LockTimeout, request.StatementTimeout, migrations.EfCoreVersion) { Direction = MigrationDirection.Down };
            var missing = request.DryRun ? await MissingPrivilegesAsync(facts.ToRevert, ct).ConfigureAwait(false) : null;
            decision = Evaluate(facts with { MissingPrivileges = missing, Planned = plan });
            Warn(decision);
            var result = decision.Refused
                ? RollbackService.Refused(decision, prefix, events, plan, context)
                : new RollbackResult(RollbackOutcome.Planned, decision, plan, context);
            events.Info(decision.Refused
                ? $"dry run: rollback of {label} to {facts.Target} would be refused; nothing was changed."
                : $"dry run: {plan.Count} migration(s) would be reverted in {label}, back to {facts.Target}; nothing was changed.");
            return result;
        }
        catch (ReadBlockedException ex)
        {
            events.Fail($"{label}: {ex.Message}");
            return new RollbackResult(RollbackOutcome.ReadBlocked, new ApplyDecision(ApplyVerdict.Proceed, [], []), plan, context);
        }
    }

    /// <summary>Reverts: the history, every Down and the privileges before the lock, then under it the plan and the migrations.</summary>
    public async Task<RollbackResult> RollBackAsync(CancellationToken ct)
    {
        RollbackPlan facts;
        try
        {
            await session.ReadHistorySchemaAsync(ct, read => reads.RunAsync("reading the migrations history", read, BlockedReads.NotAudited, ct)).ConfigureAwait(false);
            facts = await reads.RunAsync("reading the migrations history", () => FactsAsync(ct), BlockedReads.NotAudited, ct).ConfigureAwait(false);
            var decision = Evaluate(facts);
            if (decision.Verdict == ApplyVerdict.NothingToApply)
            {
                return NothingToRollBack(facts, decision);
            }

            IReadOnlyList<PrivilegeNeed> missing = [];
            if (!decision.Refused)
            {
                missing = await MissingPrivilegesAsync(facts.ToRevert, ct).ConfigureAwait(false);
                decision = Evaluate(facts with { MissingPrivileges = missing });
            }

            if (decision.Refused)
            {
                var refused = RollbackService.Refused(decision, "refused: ", events);
                events.Info($"{label}: nothing was changed.");
                if (!missing.Any(m => m.Object == AuditTable.QualifiedName(session.HistorySchema)))
                {
                    await RecordRefusalAsync(Unplanned(facts), Reasons(decision), create: false, ct).ConfigureAwait(false);
                }

                return refused;
            }
        }
        catch (ReadBlockedException ex)
        {
            events.Fail($"{label}: {ex.Message}");
            return RollbackResult.Stopped(RollbackOutcome.ReadBlocked);
        }

        events.Progress($"{label}: taking the migration lock (waiting at most {Durations.Describe(request.LockWait)})");
        try
        {
            await session.LockAsync(request.LockWait, ct).ConfigureAwait(false);
        }
        catch (LockNotAcquiredException ex)
        {
            events.Fail($"{label}: {ex.Message} Nothing was changed.");
            await RecordRefusalAsync(Unplanned(facts), "refused: the migration lock was not had within --lock-wait: " + ex.Message, create: false, ct).ConfigureAwait(false);
            return RollbackResult.Stopped(RollbackOutcome.LockNotHad);
        }

        try
        {
            return await LockedAsync(Unplanned(facts), ct).ConfigureAwait(false);
        }
        catch (ReadBlockedException ex)
        {
            events.Fail($"{label}: {ex.Message}");
            return RollbackResult.Stopped(RollbackOutcome.ReadBlocked);
        }
    }

    private async Task<RollbackResult> LockedAsync(IReadOnlyList<PlannedMigration> wouldRevert, CancellationToken ct)
    {
        // Read under the lock: a run that waited finds what the one before it did.
        Task Audited(string text) => RecordRefusalAsync(wouldRevert, text, create: true, ct, AuditOutcome.Failed);
        var facts = await reads.RunAsync("reading the migrations history", () => FactsAsync(ct), Audited, ct).ConfigureAwait(false);
        var decision = Evaluate(facts);
        if (decision.Verdict == ApplyVerdict.NothingToApply)
        {
            return NothingToRollBack(facts, decision);
        }

        IReadOnlyList<PlannedMigration> plan = [];
        if (!decision.Refused)
        {
            plan = await reads.RunAsync("reading the catalog", () => PlanAsync(facts, ct), Audited, ct).ConfigureAwait(false);
            decision = Evaluate(facts with { Planned = plan });
        }

        Warn(decision);
        if (decision.Refused)
        {
            var refused = RollbackService.Refused(decision, "refused: ", events, plan);
            events.Info($"{label}: nothing was changed.");
            await RecordRefusalAsync(plan.Count > 0 ? plan : Unplanned(facts), Reasons(decision), create: true, ct).ConfigureAwait(false);
            return refused;
        }

        if (request.Environment?.Protected == true && !request.Overrides.Yes && request.Confirm?.Invoke(new Confirmation(request.Target, [.. plan.Select(m => m.Id)])) != true)
        {
            var notConfirmed = new ApplyDecision(ApplyVerdict.Refused, [ApplyPolicy.NotConfirmed(label, "rolling back")], decision.Warnings);
            var refused = RollbackService.Refused(notConfirmed, "refused: ", events, plan);
            await RecordRefusalAsync(plan, "refused: not confirmed on the terminal", create: true, ct).ConfigureAwait(false);
            return refused;
        }

        var executor = new MigrationExecutor(
            session.Connection,
            session.HistorySchema,
            migrations.HistoryTable.Name,
            new ExecutionOptions(request.Retries, request.Target.Environment, request.Overrides.AuditReason(), CiIdentity.FromEnvironment(), migrations.EfCoreVersion, AuditAction.Rollback)
            {
                RetryDelay = request.RetryDelay,
            },
            events);
        await AuditTrail.EnsureAsync(session.Connection, session.HistorySchema, ct).ConfigureAwait(false);

        // Back up before the first change (--backup DIR, or "backup" of the environment); no backup, no change.
        try
        {
            await PreChangeBackup.RunAsync(
                new(request.Backup, request.BackupMode, request.Target, request.Environment, request.Config, session.Connection, session.HistorySchema, migrations.HistoryTable.Name, request.LockTimeout),
                events,
                ct).ConfigureAwait(false);
        }
        catch (BackupException ex)
        {
            var refusal = $"refused: no backup could be made: {ex.Message} Nothing was changed.";
            events.Fail($"{label}: {refusal}");
            await RecordRefusalAsync(plan, refusal, create: true, ct).ConfigureAwait(false);
            return new RollbackResult(RollbackOutcome.BackupFailed, decision, plan, null);
        }

        var (reverted, failed) = await ExecuteAsync(executor, plan, ct).ConfigureAwait(false);
        if (failed)
        {
            return new RollbackResult(RollbackOutcome.MigrationFailed, decision, plan, null) { Reverted = reverted };
        }

        // After: the database against the code again, recorded with the run.
        var (result, summary, unrecorded) = await PostVerify.RunAsync(VerifyAsync, session, executor.AuditIds, "post-rollback verify", events, ct).ConfigureAwait(false);
        events.Info(string.Create(CultureInfo.InvariantCulture,
            $"{label}: reverted {reverted} migration(s), back to {facts.Target}, in {total.Elapsed.TotalSeconds:0.0} s; post-rollback verify: {summary}"));
        if (unrecorded is not null)
        {
            events.Warn(unrecorded);
        }

        return new RollbackResult(RollbackOutcome.RolledBack, decision, plan, null) { Reverted = reverted, PostVerify = result };
    }

    /// <summary>Reverts the migrations newest first; how many were reverted, and whether one failed (said, with what could not be done after it).</summary>
    private async Task<(int Reverted, bool Failed)> ExecuteAsync(MigrationExecutor executor, IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
    {
        events.Info($"{label}: reverting {plan.Count} migration(s)");
        var reverted = 0;
        foreach (var migration in plan)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                if (await executor.ApplyAsync(migration, ct).ConfigureAwait(false))
                {
                    reverted++;
                    events.Success(string.Create(CultureInfo.InvariantCulture, $"{migration.Id} reverted ({clock.Elapsed.TotalSeconds:0.00} s)"), indent: "  ");
                }
            }
            catch (MigrationFailedException ex)
            {
                events.Fail($"{label}: {ex.Message}");
                foreach (var note in ex.Notes)
                {
                    events.Warn(note);
                }

                if (reverted > 0)
                {
                    events.Info(string.Create(CultureInfo.InvariantCulture,
                        $"{label}: the {reverted} migration(s) reverted before it stay reverted: {string.Join(", ", plan.Take(reverted).Select(m => m.Id))}."));
                }

                if (ex.InnerException is not null)
                {
                    events.DetailText(ex.InnerException.ToString());
                }

                return (reverted, true);
            }
        }

        return (reverted, false);
    }

    private RollbackResult NothingToRollBack(RollbackPlan facts, ApplyDecision decision)
    {
        events.Success($"{label}: nothing to roll back; no migration after {facts.Target} is applied.");
        return new RollbackResult(RollbackOutcome.NothingToRollBack, decision, [], null);
    }

    private ApplyDecision Evaluate(RollbackPlan facts) =>
        ApplyPolicy.EvaluateRollback(facts with { Role = session.Connection.UserName }, request.PolicyEnvironment(), request.Overrides);

    private void Warn(ApplyDecision decision)
    {
        foreach (var warning in decision.Warnings)
        {
            events.Warn(warning.Message);
        }
    }

    private static string Reasons(ApplyDecision decision) => "refused: " + string.Join(" | ", decision.Refusals.Select(r => r.Message));

    /// <summary>The history now, with the checksums recorded when the migrations were applied.</summary>
    private async Task<RollbackPlan> FactsAsync(CancellationToken ct)
    {
        var applied = await MigrationHistory.ReadAppliedAsync(session.Connection, migrations.HistoryTable, ct, session.HistorySchema).ConfigureAwait(false);
        var recorded = await AuditTable.ReadRecordedChecksumsAsync(session.Connection, session.HistorySchema, ct).ConfigureAwait(false);
        return RollbackService.Facts(migrations, target, applied, recorded);
    }

    /// <summary>The Down of each migration to revert, newest first, analysed against the live catalog.</summary>
    private Task<IReadOnlyList<PlannedMigration>> PlanAsync(RollbackPlan facts, CancellationToken ct) =>
        ApplyPlanner.PlanAsync(session.Connection, facts.ToRevert, ct, MigrationDirection.Down);

    /// <summary>The migrations to revert, not analysed (for audit records of a run that stopped before the plan).</summary>
    private static List<PlannedMigration> Unplanned(RollbackPlan facts) =>
        [.. facts.ToRevert.Select(m => new PlannedMigration(m, MigrationChecksum.Compute(m.Commands), []) { Direction = MigrationDirection.Down })];

    private async Task<IReadOnlyList<PrivilegeNeed>> MissingPrivilegesAsync(IEnumerable<MigrationInfo> toRevert, CancellationToken ct) =>
        await PlanPrivileges.MissingAsync(session.Connection, PlanPrivileges.NeedsToRevert(session.HistorySchema, migrations.HistoryTable.Name, toRevert), ct).ConfigureAwait(false);

    private Task<EnvironmentResult> VerifyAsync(CancellationToken ct) =>
        new Verifier(migrations, shadow.GetAsync, events, VerifyOptions.From(request.Config, ExpectedSchemaCache.ForProject(application.ProjectDirectory)) with
        {
            LockTimeout = request.LockTimeout,
            DesignerChanges = application.WithDesignerChangesAsync,
        })
            .VerifyAsync(request.Target, ct);

    private Task RecordRefusalAsync(IReadOnlyList<PlannedMigration> plan, string error, bool create, CancellationToken ct, AuditOutcome outcome = AuditOutcome.Refused) =>
        RefusalRecords.RecordAsync(session, plan, request.Target.Environment, request.Overrides.AuditReason(), error, create, events, ct, outcome);
}
