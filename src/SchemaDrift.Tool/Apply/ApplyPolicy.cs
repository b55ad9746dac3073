using System.Globalization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// Everything that refuses <c>apply</c>, in one pure function of what the run knows: no database is read here, so the
/// whole policy is unit-tested. Apply asks at each point it learns more (before loading the application, once it is
/// loaded, once the privileges are read, once the plan and the pre-flight verify are read); a refusal found at one
/// point stops the run there. Refusals are listed in the order they are found; warnings never stop a run. Rollback's
/// policy (<see cref="EvaluateRollback"/>) shares the rules of protection and of destructive statements.
/// </summary>
public static partial class ApplyPolicy
{
    /// <param name="plan">What the application and the database say the run would do (null: the application is not loaded yet).</param>
    /// <param name="verification">The pre-flight verify of the environment (null: not read yet).</param>
    /// <param name="lockFile">The migrations lock file against the code (null: not checked yet).</param>
    public static ApplyDecision Evaluate(ApplyPlan? plan, EnvironmentResult? verification, LockFileResult? lockFile, ApplyEnvironment environment, ApplyOverrides overrides)
    {
        var refusals = new List<Refusal>();
        var warnings = new List<ApplyWarning>();
        var label = environment.Label;
        if (Unconfirmable(environment, overrides) is { } unconfirmable)
        {
            return Refuse(unconfirmable);
        }

        if (plan is null)
        {
            return Proceed();
        }

        if (plan.MigrationsInCode == 0)
        {
            return Refuse(new Refusal(RefusalReason.NoMigrations,
                $"{plan.Context} has no migrations, so there is nothing apply could bring {label} to" +
                (plan.ModelChanges.HasChanges ? $", while its model has what no migration creates ({ModelChanges(plan)})" : string.Empty) +
                ". Create the first migration (dotnet ef migrations add InitialCreate), then run apply again; nothing was changed."));
        }

        if (plan.MissingPrivileges is { Count: > 0 } missing)
        {
            refusals.Add(new Refusal(RefusalReason.MissingPrivileges, PlanPrivileges.Describe(missing, plan.Role)));
        }

        if (plan.Pending is not { } pending)
        {
            return Decide();
        }

        if (pending.Count == 0)
        {
            return !plan.ModelChanges.HasChanges
                ? new ApplyDecision(ApplyVerdict.NothingToApply, [], [])
                : Refuse(new Refusal(RefusalReason.ModelChangesWithNothingPending,
                    $"nothing to apply to {label}, but the model of {plan.Context} has changes that no migration captures ({ModelChanges(plan)}). " +
                    "Add a migration (dotnet ef migrations add <Name>) and deploy it; nothing was changed."));
        }

        if (verification is not null && lockFile is not null)
        {
            LockFile(lockFile, refusals, warnings);
            Verification(verification, pending, label, overrides, refusals, warnings);
            Promotion(environment, overrides, refusals, warnings);
            Destructive(pending, "pending migrations", environment, overrides, refusals, warnings);
        }

        return Decide();

        ApplyDecision Decide() => new(refusals.Count > 0 ? ApplyVerdict.Refused : ApplyVerdict.Proceed, refusals, warnings);

        ApplyDecision Proceed() => new(ApplyVerdict.Proceed, [], []);

        static ApplyDecision Refuse(Refusal refusal) => new(ApplyVerdict.Refused, [refusal], []);
    }

    /// <summary>The refusal of a protected environment whose person at the terminal did not confirm (<paramref name="doing"/>: what was asked).</summary>
    public static Refusal NotConfirmed(string label, string doing = "applying to") =>
        new(RefusalReason.NotConfirmed, $"{doing} the protected environment '{label}' was not confirmed; nothing was changed.");

    /// <summary>A run that changes a protected environment needs --yes when there is no terminal to confirm on.</summary>
    private static Refusal? Unconfirmable(ApplyEnvironment environment, ApplyOverrides overrides) =>
        environment.Changes && environment.Protected && !overrides.Yes && !environment.Interactive
            ? new Refusal(RefusalReason.NoTerminalToConfirm,
                $"'{environment.Label}' is protected and there is no terminal to confirm on. Pass --yes in a pipeline (or run it interactively); nothing was changed.")
            : null;

    /// <summary>The migrations lock file against the code: every migration must be locked as it is.</summary>
    private static void LockFile(LockFileResult lockFile, List<Refusal> refusals, List<ApplyWarning> warnings)
    {
        if (!lockFile.Exists)
        {
            warnings.Add(new(ApplyWarningKind.NoLockFile,
                $"no migrations lock file at {lockFile.Path}: edits to applied migrations are caught only through the audit trail. Run '{LockFileCheck.UpdateCommand}' and commit it."));
            return;
        }

        if (lockFile.Findings.Count == 0)
        {
            return;
        }

        var parts = lockFile.Findings.GroupBy(f => f.Kind).Select(g => g.Key switch
        {
            FindingKind.MigrationEditedAfterLock => "edited after they were locked: ",
            FindingKind.LockedMigrationMissing => "locked but gone from the code: ",
            _ => "not locked yet: ",
        } + string.Join(", ", g.Select(f => f.Object)));
        refusals.Add(new(RefusalReason.LockFileDisagrees,
            $"the migrations lock file {lockFile.Path} disagrees with the code ({string.Join("; ", parts)}). Run 'dotnet schemadrift checksums' for details; " +
            $"commit the result of '{LockFileCheck.UpdateCommand}' only if no environment applied the edited migrations."));
    }

    /// <summary>The checks of verify for this environment: recorded checksums, drift, history and the model.</summary>
    private static void Verification(
        EnvironmentResult result, IReadOnlyList<PlannedMigration> pending, string label, ApplyOverrides overrides, List<Refusal> refusals, List<ApplyWarning> warnings)
    {
        if (result.Migrations.ChecksumMismatches is { Count: > 0 } mismatches)
        {
            refusals.Add(new(RefusalReason.AppliedMigrationsEdited,
                $"applied migrations differ from the code (their recorded checksum changed): {string.Join(", ", mismatches)}. Restore the applied version of these migrations and add a new migration for the change."));
        }

        var drift = result.Findings.Where(f => f.Cause == FindingCause.Unexplained).ToList();
        var serious = drift.Where(f => f.Severity >= Severity.Major).ToList();
        var repairs = pending.Where(m => m.IsRepair).Select(m => m.Id).ToList();
        if (serious.Count > 0 && repairs.Count > 0 && !overrides.AllowDrift)
        {
            warnings.Add(new(ApplyWarningKind.DriftRepairedByCorrectiveMigration,
                $"{label} has unexplained drift ({Describe(serious)}); the pending corrective migration(s) {string.Join(", ", repairs)} repair drift, so the run goes on and the post-apply verify tells what is left."));
        }
        else if (serious.Count > 0 && !overrides.AllowDrift)
        {
            refusals.Add(new(RefusalReason.UnexplainedDrift,
                $"{label} has unexplained drift ({Describe(serious)}). Repair it (dotnet schemadrift verify --env {label} --verbose shows the fix), or pass --allow-drift --reason TEXT."));
        }
        else if (serious.Count > 0)
        {
            warnings.Add(new(ApplyWarningKind.DriftAllowed, $"{label} has unexplained drift, allowed by --allow-drift: {Describe(serious)}"));
        }

        foreach (var minor in drift.Where(f => f.Severity < Severity.Major))
        {
            warnings.Add(new(ApplyWarningKind.MinorDrift, $"minor drift in {label}: {FindingNames.Kind(minor)} {minor.Object}"));
        }

        foreach (var finding in result.Findings.Where(f => f.Cause == FindingCause.History))
        {
            switch (finding.Kind)
            {
                case FindingKind.UnknownMigration when !overrides.AllowDrift:
                    refusals.Add(new(RefusalReason.UnknownMigration,
                        $"{label} has applied migration {finding.Object}, which the code does not have: deploy the code that contains it (or pass --allow-drift --reason TEXT)."));
                    break;
                case FindingKind.MigrationAppliedWithoutHistory:
                    refusals.Add(new(RefusalReason.AppliedWithoutHistory, $"{finding.Actual}. Record it instead of applying it again: {finding.Fix}"));
                    break;
                default:
                    warnings.Add(new(ApplyWarningKind.History, $"{FindingNames.Kind(finding)} {finding.Object}: {finding.Actual}"));
                    break;
            }
        }

        if (result.Findings.FirstOrDefault(f => f.Cause == FindingCause.ModelChange) is { } model)
        {
            refusals.Add(new(RefusalReason.ModelChangesWithoutMigration,
                $"the model has changes that no migration captures ({model.Expected}). Add a migration (dotnet ef migrations add <Name>) and deploy it."));
        }
    }

    /// <summary>The promotion guard: every migration must reach the environment this one is promoted from first.</summary>
    private static void Promotion(ApplyEnvironment environment, ApplyOverrides overrides, List<Refusal> refusals, List<ApplyWarning> warnings)
    {
        if (environment.PromotedFrom is not { } source)
        {
            return;
        }

        if (overrides.SkipPromotionCheck)
        {
            warnings.Add(new(ApplyWarningKind.PromotionSkipped, $"promotion guard skipped for {environment.Label} (promoted from '{source}'): {overrides.Reason}"));
        }
        else if (environment.Promotion is { Passed: false } promotion)
        {
            refusals.Add(new(RefusalReason.PromotionGuard, promotion.Describe(environment.Label)));
        }
    }

    /// <summary>Destructive migrations (<paramref name="what"/> names them for people): refused on protected environments, shown elsewhere.</summary>
    private static void Destructive(
        IReadOnlyList<PlannedMigration> pending, string what, ApplyEnvironment environment, ApplyOverrides overrides, List<Refusal> refusals, List<ApplyWarning> warnings)
    {
        var destructive = pending.Where(m => m.Destructive.Any()).ToList();
        if (destructive.Count == 0)
        {
            return;
        }

        var list = string.Join("; ", destructive.Select(m => $"{m.Id}: {string.Join(", ", m.Destructive)}"));
        if (environment.Protected && !overrides.AllowDestructive)
        {
            refusals.Add(new(RefusalReason.DestructiveOnProtected,
                $"'{environment.Label}' is protected and {what} can destroy data: {list}. Pass --allow-destructive (with --reason TEXT) once the data is saved or no longer needed."));
        }
        else
        {
            warnings.Add(new(ApplyWarningKind.Destructive, $"{what} can destroy data: {list}"));
        }
    }

    /// <summary>The model changes no migration captures, shortened for a message.</summary>
    private static string ModelChanges(ApplyPlan plan)
    {
        var operations = plan.ModelChanges.Operations;
        return operations.Count == 0 ? "model changes"
            : string.Join("; ", operations.Take(5)) + (operations.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {operations.Count - 5} more") : string.Empty);
    }

    private static string Describe(IReadOnlyList<VerifyFinding> findings) =>
        string.Join(", ", findings.Take(10).Select(f => $"{f.Severity.Name()} {FindingNames.Kind(f)} {f.Object}")) +
        (findings.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $" and {findings.Count - 10} more") : string.Empty);
}
