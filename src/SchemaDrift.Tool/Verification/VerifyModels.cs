using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Verification;

/// <summary>Why a finding exists (the <c>cause</c> of the JSON contract).</summary>
public static class FindingCause
{
    /// <summary>Drift: a hotfix or a manual change that no migration explains.</summary>
    public const string Unexplained = "unexplained";

    /// <summary>Explained by migrations not yet applied.</summary>
    public const string PendingMigration = "pending-migration";

    /// <summary>The code changed without a migration.</summary>
    public const string ModelChange = "model-change";

    /// <summary>The history table disagrees with the code or with the schema.</summary>
    public const string History = "history";
}

/// <summary>One difference between what the code expects and what an environment has.</summary>
/// <param name="Kind">A short stable name, e.g. <c>drop-column</c>, <c>unknown-migration</c>.</param>
/// <param name="Object">The object (or migration) it is about, e.g. <c>shop.orders.total</c>.</param>
/// <param name="Expected">What the code expects (null when it expects nothing).</param>
/// <param name="Actual">What the database has (null when it has nothing).</param>
/// <param name="Fix">SQL or a command that repairs it, when there is one.</param>
public sealed record VerifyFinding(
    string Kind,
    string Object,
    Severity Severity,
    string Cause,
    string? Expected,
    string? Actual,
    string? Fix);

/// <summary>The migrations of one environment, compared with the code's.</summary>
/// <param name="Applied">In the code and in the history table, in code order.</param>
/// <param name="Pending">In the code, not in the history table, in code order.</param>
/// <param name="Unknown">In the history table, not in the code.</param>
/// <param name="OutOfOrder">Applied although an older migration is still pending.</param>
/// <param name="ChecksumMismatches">Not computed yet (always empty).</param>
public sealed record MigrationStatus(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Pending,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> OutOfOrder,
    IReadOnlyList<string> ChecksumMismatches)
{
    public static MigrationStatus Empty { get; } = new([], [], [], [], []);
}

/// <summary>How long the slow steps of one environment took.</summary>
public sealed record VerifyTimings(TimeSpan History, TimeSpan ShadowReplay, TimeSpan Snapshot, TimeSpan Total);

/// <summary>The outcome for one environment.</summary>
/// <param name="Environment">The environment's name, or the connection's password-free description.</param>
/// <param name="Display">The password-free description of the database.</param>
/// <param name="Error">Why the environment could not be verified (status <c>error</c>).</param>
public sealed record EnvironmentResult(
    string Environment,
    string Display,
    MigrationStatus Migrations,
    bool PendingModelChanges,
    IReadOnlyList<VerifyFinding> Findings,
    string? Error,
    VerifyTimings? Timings)
{
    public Severity Severity => Findings.Count == 0 ? Severity.None : Findings.Max(f => f.Severity);

    public string Status => Error is not null ? "error" : Findings.Count > 0 ? "drift" : "clean";
}

/// <summary>A whole run: every environment, and the time the application took to load.</summary>
public sealed record VerifyReport(IReadOnlyList<EnvironmentResult> Results, TimeSpan HostLoad)
{
    public bool HasErrors => Results.Any(r => r.Error is not null);

    public Severity Severity => Results.Count == 0 ? Severity.None : Results.Max(r => r.Severity);
}

/// <summary>Verification could not be carried out for one environment (connection, shadow replay…).</summary>
public sealed class VerifyEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
