using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>What <c>rollback</c> is asked to do, with every option parsed.</summary>
/// <param name="To">The migration to go back to (an id or a name: the last one kept), or <c>0</c> to revert them all.</param>
/// <param name="Environment">The environment's configuration (null for a database named by --connection).</param>
public sealed record RollbackRequest(DatabaseTarget Target, string To, EnvironmentConfig? Environment, SchemaDriftConfig Config, HostOptions Host)
{
    /// <summary>Change nothing: plan, and say whether the run would be refused.</summary>
    public bool DryRun { get; init; }

    /// <summary>Change nothing: plan for a script (the command writes it).</summary>
    public bool Script { get; init; }

    public TimeSpan LockWait { get; init; } = ApplyRequest.DefaultLockWait;

    public TimeSpan LockTimeout { get; init; } = ApplyRequest.DefaultLockTimeout;

    public TimeSpan StatementTimeout { get; init; } = ApplyRequest.DefaultStatementTimeout;

    /// <summary>How often a read or a migration's Down that waited too long for a lock is tried again.</summary>
    public int Retries { get; init; }

    /// <summary>The first back-off before a retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>--yes, --allow-destructive and --reason (rollback has no drift or promotion overrides).</summary>
    public ApplyOverrides Overrides { get; init; } = new();

    /// <summary>Whether someone can answer a confirmation prompt (a terminal, not a pipeline).</summary>
    public bool Interactive { get; init; }

    /// <summary>Asks the person at the terminal to confirm reverting these migrations on a protected environment.</summary>
    public Func<Confirmation, bool>? Confirm { get; init; }

    /// <summary>The <c>--shadow</c> value for the post-rollback verify (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }

    /// <summary>The server for shadow replays (started for the run when null).</summary>
    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The run changes the database.</summary>
    /// <summary>The <c>--backup</c> folder (null: the environment's "backup", if any).</summary>
    public string? Backup { get; init; }

    /// <summary>The <c>--backup-mode</c> (null: the environment's, else full).</summary>
    public string? BackupMode { get; init; }

    public bool Changes => !DryRun && !Script;

    /// <summary>The environment as the policy sees it (no promotion guard for rollback).</summary>
    public ApplyEnvironment PolicyEnvironment() =>
        new(Target.Label, Environment?.Protected == true, null, Changes, Interactive);
}

/// <summary>How a rollback ended.</summary>
public enum RollbackOutcome
{
    /// <summary>Refused, nothing changed (<see cref="RollbackResult.Decision"/> says why).</summary>
    Refused,

    /// <summary>Nothing is applied after the target: nothing to revert.</summary>
    NothingToRollBack,

    /// <summary>A dry run or a script: the plan would run.</summary>
    Planned,

    /// <summary>The migrations were reverted; <see cref="RollbackResult.PostVerify"/> is the database after them.</summary>
    RolledBack,

    /// <summary>Another run held the migration lock past --lock-wait: nothing changed.</summary>
    LockNotHad,

    /// <summary>A read waited longer than --lock-timeout (after its retries): nothing changed.</summary>
    ReadBlocked,

    /// <summary>The backup asked for (--backup, or the environment's "backup") could not be made: nothing changed.</summary>
    BackupFailed,

    /// <summary>Reverting a migration failed: its transaction was rolled back (it stays applied), the ones reverted before it stay reverted, nothing after it ran.</summary>
    MigrationFailed,
}

/// <summary>What a rollback did: its outcome, the policy's decision, the plan (newest first), and the post-rollback verify.</summary>
/// <param name="Plan">The migrations to revert, each with its Down analysed (empty when the run stopped before reading them).</param>
/// <param name="Context">What the plan is written for (null when the run stopped before the plan).</param>
public sealed record RollbackResult(RollbackOutcome Outcome, ApplyDecision Decision, IReadOnlyList<PlannedMigration> Plan, PlanContext? Context)
{
    /// <summary>How many migrations were reverted (also when a later one failed).</summary>
    public int Reverted { get; init; }

    /// <summary>The post-rollback verify (after <see cref="RollbackOutcome.RolledBack"/>).</summary>
    public EnvironmentResult? PostVerify { get; init; }

    public static RollbackResult Stopped(RollbackOutcome outcome, ApplyDecision? decision = null) =>
        new(outcome, decision ?? new ApplyDecision(ApplyVerdict.Proceed, [], []), [], null);
}
