using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Verification;

/// <summary>Why a finding exists (the <c>cause</c> of the JSON contract; <see cref="FindingNames"/>).</summary>
public enum FindingCause
{
    /// <summary>Drift: a hotfix or a manual change that no migration explains.</summary>
    Unexplained,

    /// <summary>Explained by migrations not yet applied.</summary>
    PendingMigration,

    /// <summary>The code changed without a migration.</summary>
    ModelChange,

    /// <summary>The history table disagrees with the code or with the schema.</summary>
    History,

    /// <summary>
    /// A note, not drift: the schema the migrations make differs from the model although EF Core's differ sees no
    /// model change (a migration edited by hand, a snapshot edited without a migration).
    /// </summary>
    ModelAndMigrationsDisagree,
}

/// <summary>One difference between what the code expects and what an environment has.</summary>
/// <param name="Kind">What is wrong, from the database's point of view, e.g. <c>extra-table</c>, <c>missing-index</c>,
/// <c>column-type-differs</c>, <c>unknown-migration</c> (named <c>model-…</c> when <see cref="FromModel"/>).</param>
/// <param name="Object">The object (or migration) it is about, e.g. <c>shop.orders.total</c>.</param>
/// <param name="Expected">What the code expects (null when it expects nothing).</param>
/// <param name="Actual">What the database has (null when it has nothing).</param>
/// <param name="Fix">SQL or a command that repairs it, when there is one.</param>
public sealed record VerifyFinding(
    FindingKind Kind,
    string Object,
    Severity Severity,
    FindingCause Cause,
    string? Expected,
    string? Actual,
    string? Fix)
{
    /// <summary>What the object is in the model, in EF terms: <c>Order.Description</c>, <c>Buyer unique index (IdentityGuid)</c>.</summary>
    public string? Entity { get; init; }

    /// <summary>The migration that created the object (under this name or, renamed since, an earlier one).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The last migration that changed (altered or renamed) the object after it was created.</summary>
    public string? LastChangedBy { get; init; }

    /// <summary>Model-and-migrations disagreements: the migration where it starts, or <see cref="ModelSnapshot"/>.</summary>
    public string? StartsIn { get; init; }

    /// <summary>Why it matters (or where it comes from), in the application's terms.</summary>
    public string? Explanation { get; init; }

    /// <summary>The <see cref="StartsIn"/> of a change made in the model snapshot with no migration.</summary>
    public const string ModelSnapshot = "model snapshot";

    /// <summary>One sentence naming what is wrong and both sides.</summary>
    public string? Description { get; init; }

    /// <summary>How the schema difference is repaired (null for findings that SQL does not repair).</summary>
    public FindingRepair? Repair { get; init; }

    /// <summary>
    /// A difference between the schema the model makes and the one the migrations make, not the database's (its kind is
    /// named with <c>model-</c> before it: <c>model-missing-column</c>).
    /// </summary>
    public bool FromModel { get; init; }

    /// <summary>A finding of the history table, the recorded checksums or the lock file: its object is a migration's id.</summary>
    public bool AboutMigration => Kind is FindingKind.UnknownMigration or FindingKind.MigrationOutOfOrder or FindingKind.MigrationChecksumMismatch
        or FindingKind.MigrationAppliedWithoutHistory or FindingKind.MigrationEditedAfterLock or FindingKind.LockedMigrationMissing or FindingKind.MigrationNotLocked;
}

/// <summary>How a schema difference is repaired.</summary>
/// <param name="Action">The change that repairs it, e.g. <c>drop-table</c>, <c>add-column</c>, <c>rename-column</c>.</param>
/// <param name="Sql">The statements (null when a person must decide first: see <paramref name="Note"/>).</param>
/// <param name="Destructive">The repair can lose data or information; <c>fix</c> makes it only with --allow-destructive.</param>
/// <param name="Note">What the repair keeps or does besides the plain statement, or what must be decided before it.</param>
public sealed record FindingRepair(ChangeKind Action, string? Sql, bool Destructive, string? Note);

/// <summary>How long the slow steps of one environment took; <paramref name="ExpectedFromCache"/> when no replay was needed.</summary>
public sealed record VerifyTimings(TimeSpan History, TimeSpan ShadowReplay, TimeSpan Snapshot, TimeSpan Total, bool ExpectedFromCache = false);

/// <summary>The outcome for one environment.</summary>
/// <param name="Environment">The environment's name, or the connection's password-free description.</param>
/// <param name="Display">The password-free description of the database.</param>
/// <param name="Error">Why the environment could not be verified (status <c>error</c>).</param>
/// <param name="Ignored">Findings that an ignore rule of the configuration accepts, with its reason.</param>
/// <param name="Notes">Warnings that are not findings (a shadow server of another major version, an unreadable audit trail…).</param>
public sealed record EnvironmentResult(
    string Environment,
    string Display,
    MigrationStatus Migrations,
    bool PendingModelChanges,
    IReadOnlyList<VerifyFinding> Findings,
    string? Error,
    VerifyTimings? Timings)
{
    public IReadOnlyList<IgnoredFinding> Ignored { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Notes without severity: where the migrations' schema and the model disagree although EF sees no model change.</summary>
    public IReadOnlyList<VerifyFinding> Disagreements { get; init; } = [];

    /// <summary>Where verifying failed, when <see cref="Error"/> is set and the step is known.</summary>
    public FailureDetail? Failure { get; init; }

    public Severity Severity => Findings.Count == 0 ? Severity.None : Findings.Max(f => f.Severity);

    public VerifyStatus Status => Error is not null ? VerifyStatus.Error : Findings.Count > 0 ? VerifyStatus.Drift : VerifyStatus.Clean;
}

/// <summary>How an environment's verification ended (the JSON <c>status</c>).</summary>
public enum VerifyStatus
{
    /// <summary>No findings.</summary>
    Clean,

    /// <summary>Findings: the database differs from what the code says.</summary>
    Drift,

    /// <summary>The environment could not be verified (<see cref="EnvironmentResult.Error"/> says why).</summary>
    Error,
}

/// <summary>A finding that an ignore rule accepts.</summary>
public sealed record IgnoredFinding(VerifyFinding Finding, string Reason);

/// <summary>The offline check of the migrations lock file: where it is, and how the code differs from it.</summary>
/// <param name="Path">The lock file's path.</param>
/// <param name="Exists">False when the project has no lock file yet (nothing is compared).</param>
public sealed record LockFileResult(string Path, bool Exists, IReadOnlyList<VerifyFinding> Findings)
{
    public Severity Severity => Findings.Count == 0 ? Severity.None : Findings.Max(f => f.Severity);
}

/// <summary>A whole run: the lock file, every environment, and the time the application took to load.</summary>
public sealed record VerifyReport(IReadOnlyList<EnvironmentResult> Results, TimeSpan HostLoad, LockFileResult? Lock = null)
{
    /// <summary>The folder of the project that holds the migrations, when the application was loaded (pipeline formats point at its files).</summary>
    public string? ProjectDirectory { get; init; }

    public bool HasErrors => Results.Any(r => r.Error is not null);

    public Severity Severity => new[] { Lock?.Severity ?? Severity.None }.Concat(Results.Select(r => r.Severity)).Max();
}

/// <summary>Verification could not be carried out for one environment (connection, shadow replay…).</summary>
public sealed class VerifyEnvironmentException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Where it failed, when the thrower knows better than the step the verifier was in.</summary>
    public FailureDetail? Detail { get; init; }
}

/// <summary>
/// Where verifying an environment failed, for machines (the JSON <c>failure</c>): the step, the migration and the
/// statement when one was running, the server's SQLSTATE, and the sessions a lock wait was stuck behind.
/// </summary>
public sealed record FailureDetail(VerifyStep Step, string? Migration = null, string? Statement = null, string? SqlState = null)
{
    /// <summary>The sessions holding (or queued for) the lock a read waited for, when it waited too long (SQLSTATE 55P03).</summary>
    public IReadOnlyList<LockHolder> BlockedBy { get; init; } = [];
}

/// <summary>The steps of verifying one environment (the JSON <c>failure.step</c>: <c>connect</c>, <c>shadow-replay</c>…).</summary>
public enum VerifyStep
{
    /// <summary>Connecting to the environment's database.</summary>
    Connect,

    /// <summary>Reading the history table and the audit trail.</summary>
    History,

    /// <summary>Starting (or reaching) the shadow server, or making a shadow database on it.</summary>
    ShadowServer,

    /// <summary>Replaying migrations on a shadow database, or reading its schema.</summary>
    ShadowReplay,

    /// <summary>Reading the live schema.</summary>
    Snapshot,

    /// <summary>Running the model's create script on a shadow database, or reading its schema.</summary>
    ModelReplay,
}
