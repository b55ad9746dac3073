using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Turns the changes that would make the live schema match the expected one (<c>Compare(live, expected)</c>) into
/// findings named for what is wrong in the database (<see cref="DriftAnalyzer"/>: an extra table, a missing index, a
/// likely renamed column), each with its repair and the severity the engine gives the drift (what the code needs and
/// the live database lacks is critical, behaviour differences are major, extra objects and comments minor).
/// </summary>
public static class FindingClassifier
{
    /// <param name="sides">How the two schemas are named in descriptions (the database and the migrations by default).</param>
    public static IReadOnlyList<VerifyFinding> Classify(DiffResult diff, SchemaSnapshot live, SchemaSnapshot expected, DriftSides? sides = null) =>
        DriftAnalyzer.Analyze(diff, live, expected, sides).Items.Select(drift => new VerifyFinding(
                drift.Kind,
                drift.ObjectName,
                drift.Severity,
                FindingCause.Unexplained,
                Expected: drift.Expected,
                Actual: drift.Actual,
                Fix: drift.Repair.Decision ?? (drift.Repair.Statements.Count == 0 ? null : Sql(drift.Repair)))
            {
                Description = drift.Description,
                Repair = new FindingRepair(
                    drift.Repair.Action,
                    drift.Repair.NeedsDecision || drift.Repair.Statements.Count == 0 ? null : Sql(drift.Repair),
                    drift.Repair.Destructive,
                    drift.Repair.Decision is { } decision ? "needs a decision: " + decision : drift.Repair.Note),
            })
            .ToList();

    private static string Sql(RepairAction repair) => string.Join(Environment.NewLine, repair.Statements.Select(s => s.Sql));
}
