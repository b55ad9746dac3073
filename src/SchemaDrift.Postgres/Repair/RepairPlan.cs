using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;

namespace SchemaDrift.Postgres.Repair;

/// <summary>Why a drift is not part of a repair.</summary>
public enum RepairSkip
{
    /// <summary>The object (or comment) exists only in the database; it may hold data, so it stays unless drops are allowed.</summary>
    ExtraObject,

    /// <summary>Repairing it can lose data (a narrowing type change, an enum rebuilt without a label).</summary>
    Destructive,

    /// <summary>No catalog probe can tell a database with the difference from one without it.</summary>
    Unguardable,

    /// <summary>An ignore rule accepts it.</summary>
    Ignored,

    /// <summary>No statement can repair it on a table holding rows until a person decides a value.</summary>
    NeedsDecision,
}

/// <summary>One repaired drift: the drift, the probe that detects it, and the probe's value where it is repaired.</summary>
/// <param name="Number">1-based, the order of the guards in the script.</param>
/// <param name="ExpectedValue">What the probe reads on the expected schema (null: the object must not exist).</param>
public sealed record RepairStep(int Number, DriftItem Drift, string Probe, string? ExpectedValue)
{
    public SchemaChange Change => Drift.Change;
}

/// <summary>A drift left out of the repair, and why.</summary>
public sealed record SkippedRepair(DriftItem Drift, RepairSkip Reason, string Explanation)
{
    public SchemaChange Change => Drift.Change;
}

/// <summary>One statement of the repair, in run order, and the steps whose guard must be true for it to run.</summary>
public sealed record RepairStatement(SqlStatement Statement, IReadOnlyList<int> Steps);

/// <summary>
/// A guarded repair: every statement of the drift being repaired, in the diff's dependency order, each run only where
/// the guard of its drift sees that drift. Guards are all evaluated before anything runs.
/// </summary>
public sealed record RepairPlan(IReadOnlyList<RepairStep> Steps, IReadOnlyList<RepairStatement> Statements, IReadOnlyList<SkippedRepair> Skipped, bool DisableFunctionBodyChecks)
{
    public bool IsEmpty => Steps.Count == 0;
}
