using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// What apply knows about what it would do, at the point it asks <see cref="ApplyPolicy"/>: the application's
/// migrations and model, then (once read) the privileges the connected role lacks, then the pending migrations.
/// </summary>
/// <param name="Context">The DbContext's name, for messages.</param>
/// <param name="MigrationsInCode">How many migrations the application has.</param>
/// <param name="ModelChanges">The model's changes that no migration captures.</param>
/// <param name="MissingPrivileges">What the connected role lacks (null: not checked yet).</param>
/// <param name="Role">The connected role, for messages.</param>
/// <param name="Pending">The migrations the run would apply, analysed (null: not read yet).</param>
public sealed record ApplyPlan(
    string Context,
    int MigrationsInCode,
    PendingModelChanges ModelChanges,
    IReadOnlyList<PrivilegeNeed>? MissingPrivileges = null,
    string? Role = null,
    IReadOnlyList<PlannedMigration>? Pending = null)
{
    /// <summary>What the application says, before any database is read.</summary>
    public static ApplyPlan Of(MigrationsInfo migrations) => new(migrations.Context.Name, migrations.Migrations.Count, migrations.PendingModelChanges);
}

/// <summary>The environment a run applies to, and how it is run.</summary>
/// <param name="Label">The environment's name (or the connection's description).</param>
/// <param name="Protected"><c>"protected": true</c> in schemadrift.json.</param>
/// <param name="PromotedFrom">The environment every migration must reach first.</param>
/// <param name="Changes">The run changes the database (not <c>--dry-run</c> or <c>--script</c>).</param>
/// <param name="Interactive">Someone can answer a confirmation prompt (a terminal, not a pipeline).</param>
/// <param name="Promotion">What the environment it is promoted from says (null: not read, or the guard is skipped).</param>
public sealed record ApplyEnvironment(string Label, bool Protected, string? PromotedFrom, bool Changes, bool Interactive, PromotionCheck? Promotion = null);

/// <summary>What the user allowed, and why.</summary>
public sealed record ApplyOverrides(bool Yes = false, bool AllowDestructive = false, bool AllowDrift = false, bool SkipPromotionCheck = false, string? Reason = null)
{
    /// <summary>
    /// What the audit trail records as the run's reason: the overrides used, then the reason given
    /// (<c>allow-drift, allow-destructive: hotfix 42</c>); null when there is neither.
    /// </summary>
    public string? AuditReason()
    {
        var overrides = new List<string>();
        if (SkipPromotionCheck)
        {
            overrides.Add("skip-promotion-check");
        }

        if (AllowDrift)
        {
            overrides.Add("allow-drift");
        }

        if (AllowDestructive)
        {
            overrides.Add("allow-destructive");
        }

        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        return overrides.Count == 0 ? reason : string.Join(", ", overrides) + (reason is null ? string.Empty : ": " + reason);
    }
}

/// <summary>Why apply (or rollback) refuses a run.</summary>
public enum RefusalReason
{
    /// <summary>A protected environment, and no terminal to confirm on and no --yes.</summary>
    NoTerminalToConfirm,

    /// <summary>The application has no migration at all: nothing apply could bring the database to.</summary>
    NoMigrations,

    /// <summary>The connected role lacks privileges the run needs.</summary>
    MissingPrivileges,

    /// <summary>Nothing is pending, but the model has changes no migration captures.</summary>
    ModelChangesWithNothingPending,

    /// <summary>The migrations lock file disagrees with the code.</summary>
    LockFileDisagrees,

    /// <summary>Applied migrations differ from the checksums recorded when they were applied.</summary>
    AppliedMigrationsEdited,

    /// <summary>Unexplained drift of major or critical severity.</summary>
    UnexplainedDrift,

    /// <summary>The database has a migration the code does not.</summary>
    UnknownMigration,

    /// <summary>A pending migration's changes are already in the schema.</summary>
    AppliedWithoutHistory,

    /// <summary>The model has changes no migration captures.</summary>
    ModelChangesWithoutMigration,

    /// <summary>Migrations not yet applied (with the same checksum) in the environment this one is promoted from.</summary>
    PromotionGuard,

    /// <summary>A protected environment, and pending migrations can destroy data.</summary>
    DestructiveOnProtected,

    /// <summary>A protected environment, and the person at the terminal did not confirm.</summary>
    NotConfirmed,

    /// <summary>Rollback: the migration to go back to is not applied.</summary>
    TargetNotApplied,

    /// <summary>Rollback: applied migrations after the one to go back to are not in the code (no Down to run).</summary>
    UnknownMigrationsToRevert,

    /// <summary>Rollback: a migration to revert has an empty Down.</summary>
    DownEmpty,

    /// <summary>Rollback: the Down of a migration to revert throws (an irreversible migration).</summary>
    DownFailed,
}

/// <summary>One reason a run is refused, and what it says to people (without the "refused: " before it).</summary>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    /// <summary>The message ends saying that nothing was changed (the run stopped before reading anything else).</summary>
    public bool Final => Reason is RefusalReason.NoTerminalToConfirm or RefusalReason.NoMigrations or RefusalReason.ModelChangesWithNothingPending or RefusalReason.NotConfirmed;
}

/// <summary>What apply warns about, going on.</summary>
public enum ApplyWarningKind
{
    /// <summary>No migrations lock file: edits are caught only through the audit trail.</summary>
    NoLockFile,

    /// <summary>Serious drift, which the pending corrective migrations repair.</summary>
    DriftRepairedByCorrectiveMigration,

    /// <summary>Serious drift, allowed by --allow-drift.</summary>
    DriftAllowed,

    /// <summary>Minor drift.</summary>
    MinorDrift,

    /// <summary>A finding of the history that does not refuse the run (applied out of order, an allowed unknown migration…).</summary>
    History,

    /// <summary>The promotion guard was skipped (--skip-promotion-check, with its reason).</summary>
    PromotionSkipped,

    /// <summary>Pending migrations (or, for rollback, the Down of the migrations to revert) can destroy data (allowed here).</summary>
    Destructive,

    /// <summary>Rollback: migrations to revert were edited after they were applied (their Down may not undo what ran).</summary>
    RevertingEditedMigrations,
}

/// <summary>One warning, and what it says to people.</summary>
public sealed record ApplyWarning(ApplyWarningKind Kind, string Message);

/// <summary>How a run is to go.</summary>
public enum ApplyVerdict
{
    /// <summary>Nothing refuses it (so far: see <see cref="ApplyPolicy"/>).</summary>
    Proceed,

    /// <summary>Nothing is pending (for rollback: nothing is applied after the target) and nothing else is wrong.</summary>
    NothingToApply,

    /// <summary>Refused: see <see cref="ApplyDecision.Refusals"/>.</summary>
    Refused,
}

/// <summary>The verdict, every reason that refuses the run (in the order they are found), and the warnings.</summary>
public sealed record ApplyDecision(ApplyVerdict Verdict, IReadOnlyList<Refusal> Refusals, IReadOnlyList<ApplyWarning> Warnings)
{
    public bool Refused => Verdict == ApplyVerdict.Refused;
}
