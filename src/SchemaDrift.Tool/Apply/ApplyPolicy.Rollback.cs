using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// What rollback knows about what it would do, at the point it asks <see cref="ApplyPolicy.EvaluateRollback"/>: the
/// migration to go back to and what the history says is applied after it, then (once read) the privileges the
/// connected role lacks, then each Down analysed against the live catalog.
/// </summary>
/// <param name="Context">The DbContext's name, for messages.</param>
/// <param name="Target">The migration to go back to (the last one kept), or <c>0</c> for none.</param>
/// <param name="TargetApplied">The target is in the history table (always true for <c>0</c>).</param>
/// <param name="Applied">The migrations the history table lists (for messages).</param>
/// <param name="ToRevert">The applied migrations of the code after the target, newest first.</param>
/// <param name="Unknown">Applied migrations after the target that the code does not have.</param>
/// <param name="Edited">Migrations to revert whose recorded checksum differs from the code's (applied from other code).</param>
/// <param name="MissingPrivileges">What the connected role lacks (null: not checked yet).</param>
/// <param name="Role">The connected role, for messages.</param>
/// <param name="Planned">The Down of each migration to revert, analysed (null: not read yet).</param>
public sealed record RollbackPlan(
    string Context,
    string Target,
    bool TargetApplied,
    IReadOnlyList<string> Applied,
    IReadOnlyList<MigrationInfo> ToRevert,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Edited,
    IReadOnlyList<PrivilegeNeed>? MissingPrivileges = null,
    string? Role = null,
    IReadOnlyList<PlannedMigration>? Planned = null)
{
    /// <summary>The name <c>--to</c> takes for "before the first migration", as <c>dotnet ef database update 0</c>.</summary>
    public const string Initial = "0";
}

public static partial class ApplyPolicy
{
    /// <summary>How the policy names the statements a rollback runs, in its refusals and warnings.</summary>
    private const string Downs = "the Down of the migrations to revert";

    /// <summary>
    /// Everything that refuses <c>rollback</c>, as pure as apply's policy and sharing its rules: a protected environment
    /// needs --yes (or a terminal), and destructive statements of the Down are refused there without
    /// --allow-destructive, exactly as pending migrations are. Its own refusals, all before anything changes: a target
    /// that is not applied, applied migrations after it that the code does not have, and a Down that is empty or threw.
    /// There is no promotion guard.
    /// </summary>
    /// <param name="plan">What the application and the history say the run would do (null: not read yet).</param>
    public static ApplyDecision EvaluateRollback(RollbackPlan? plan, ApplyEnvironment environment, ApplyOverrides overrides)
    {
        if (Unconfirmable(environment, overrides) is { } unconfirmable)
        {
            return new ApplyDecision(ApplyVerdict.Refused, [unconfirmable], []);
        }

        var refusals = new List<Refusal>();
        var warnings = new List<ApplyWarning>();
        if (plan is null)
        {
            return Decide();
        }

        var label = environment.Label;
        if (!plan.TargetApplied)
        {
            refusals.Add(new(RefusalReason.TargetNotApplied,
                $"{plan.Target} is not applied to {label}, so it cannot be rolled back to (applied: {(plan.Applied.Count == 0 ? "none" : string.Join(", ", plan.Applied))}). " +
                $"Pass --to with an applied migration (the last one to keep), or --to {RollbackPlan.Initial} to revert them all; nothing was changed."));
        }

        if (plan.Unknown.Count > 0)
        {
            refusals.Add(new(RefusalReason.UnknownMigrationsToRevert,
                $"{label} has applied migration(s) after {plan.Target} that the code of {plan.Context} does not have: {string.Join(", ", plan.Unknown)}. " +
                "Rollback reverts with the Down of the code's migrations, so it cannot revert these: roll them back with the code that has them first; nothing was changed."));
        }

        foreach (var migration in plan.ToRevert)
        {
            if (migration.DownError is not null || migration.DownCommands is null)
            {
                refusals.Add(new(RefusalReason.DownFailed,
                    $"the Down of {migration.Id} cannot be run: it threw {migration.DownError ?? "(the design-time host gave no Down: reinstall the tool)"}. " +
                    $"Make its Down undo its Up, or roll back only as far as --to {migration.Id}; nothing was changed."));
            }
            else if (migration.DownCommands.Count == 0)
            {
                refusals.Add(new(RefusalReason.DownEmpty,
                    $"the Down of {migration.Id} is empty: reverting it would remove its history row and leave its changes in the database. " +
                    $"Write its Down (what undoes its Up), or roll back only as far as --to {migration.Id}; nothing was changed."));
            }
        }

        if (refusals.Count > 0)
        {
            return Decide();
        }

        if (plan.ToRevert.Count == 0)
        {
            return new ApplyDecision(ApplyVerdict.NothingToApply, [], []);
        }

        if (plan.Edited.Count > 0)
        {
            warnings.Add(new(ApplyWarningKind.RevertingEditedMigrations,
                $"migrations to revert were edited after they were applied to {label} (their recorded checksum differs from the code's): {string.Join(", ", plan.Edited)}. " +
                "Their Down in the code may not undo what ran; the post-rollback verify tells what is left."));
        }

        if (plan.MissingPrivileges is { Count: > 0 } missing)
        {
            refusals.Add(new Refusal(RefusalReason.MissingPrivileges, PlanPrivileges.Describe(missing, plan.Role, "rollback")));
        }

        if (plan.Planned is { } planned)
        {
            Destructive(planned, Downs, environment, overrides, refusals, warnings);
        }

        return Decide();

        ApplyDecision Decide() => new(refusals.Count > 0 ? ApplyVerdict.Refused : ApplyVerdict.Proceed, refusals, warnings);
    }
}
