using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>What <c>apply</c> is asked to do, with every option parsed.</summary>
/// <param name="Environment">The environment's configuration (null for a database named by --connection).</param>
public sealed record ApplyRequest(DatabaseTarget Target, EnvironmentConfig? Environment, SchemaDriftConfig Config, HostOptions Host)
{
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Apply up to and including this migration (an id or a name).</summary>
    public string? To { get; init; }

    /// <summary>Change nothing: plan, and say whether the run would be refused.</summary>
    public bool DryRun { get; init; }

    /// <summary>Change nothing: plan for a script (the command writes it).</summary>
    public bool Script { get; init; }

    public TimeSpan LockWait { get; init; } = DefaultLockWait;

    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    public TimeSpan StatementTimeout { get; init; } = DefaultStatementTimeout;

    /// <summary>How often a read or migration that waited too long for a lock is tried again.</summary>
    public int Retries { get; init; }

    /// <summary>The first back-off before a retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public ApplyOverrides Overrides { get; init; } = new();

    /// <summary><c>--backup DIR</c>: the folder of the pg_dump taken before the first change (null: the environment's "backup", if any).</summary>
    public string? Backup { get; init; }

    /// <summary><c>--backup-mode</c>: schema or full (null: the environment's, else full).</summary>
    public string? BackupMode { get; init; }

    /// <summary>Whether someone can answer a confirmation prompt (a terminal, not a pipeline).</summary>
    public bool Interactive { get; init; }

    /// <summary>Asks the person at the terminal to confirm applying these migrations to a protected environment.</summary>
    public Func<Confirmation, bool>? Confirm { get; init; }

    /// <summary>The <c>--shadow</c> value (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }

    /// <summary>The server for shadow replays (started for the run when null).</summary>
    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The run changes the database.</summary>
    public bool Changes => !DryRun && !Script;

    /// <summary>The environment as the policy sees it.</summary>
    public ApplyEnvironment PolicyEnvironment(PromotionCheck? promotion = null) =>
        new(Target.Label, Environment?.Protected == true, Environment?.PromotedFrom, Changes, Interactive, promotion);
}

/// <summary>What a person confirms: applying (or reverting) these migrations on this protected environment.</summary>
public sealed record Confirmation(DatabaseTarget Target, IReadOnlyList<string> Migrations);

/// <summary>How an apply run ended.</summary>
public enum ApplyOutcome
{
    /// <summary>Refused, nothing changed (<see cref="ApplyResult.Decision"/> says why).</summary>
    Refused,

    /// <summary>Nothing pending: the database is up to date.</summary>
    NothingToApply,

    /// <summary>A dry run or a script: the plan would run.</summary>
    Planned,

    /// <summary>The migrations were applied; <see cref="ApplyResult.PostVerify"/> is the database after them.</summary>
    Applied,

    /// <summary>Another run held the migration lock past --lock-wait: nothing changed.</summary>
    LockNotHad,

    /// <summary>A read waited longer than --lock-timeout (after its retries): nothing changed.</summary>
    ReadBlocked,

    /// <summary>A migration failed: it was rolled back, and nothing after it ran.</summary>
    MigrationFailed,

    /// <summary>The backup asked for could not be made: nothing changed (audited as a refusal).</summary>
    BackupFailed,
}

/// <summary>What an apply run did: its outcome, the policy's decision, the plan, and the post-apply verify.</summary>
/// <param name="Plan">The migrations planned (empty when the run stopped before reading them).</param>
/// <param name="Context">What the plan is written for (null when the run stopped before the plan).</param>
public sealed record ApplyResult(ApplyOutcome Outcome, ApplyDecision Decision, IReadOnlyList<PlannedMigration> Plan, PlanContext? Context)
{
    /// <summary>How many migrations were applied.</summary>
    public int Applied { get; init; }

    /// <summary>The post-apply verify (after <see cref="ApplyOutcome.Applied"/>).</summary>
    public EnvironmentResult? PostVerify { get; init; }

    /// <summary>What stopped the run, in a sentence (the lock not had, a read blocked, a migration failed).</summary>
    public string? Failure { get; init; }

    /// <summary>A run that stopped before its plan: <paramref name="failure"/> says why.</summary>
    public static ApplyResult Stopped(ApplyOutcome outcome, string failure) =>
        new(outcome, new ApplyDecision(ApplyVerdict.Proceed, [], []), [], null) { Failure = failure };
}
