using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Turns the changes that would make the live schema match the expected one (<c>Compare(live, expected)</c>) into
/// findings named for what is wrong in the database (<see cref="DriftAnalyzer"/>: an extra table, a missing index, a
/// likely renamed column), each with its repair, and with severities re-classified for the application: what the code
/// needs and the live database lacks is critical (tables, columns, keys, types it cannot use); behaviour differences
/// are major; extra objects and comments are minor.
/// </summary>
public static class FindingClassifier
{
    /// <param name="sides">How the two schemas are named in descriptions (the database and the migrations by default).</param>
    public static IReadOnlyList<VerifyFinding> Classify(DiffResult diff, SchemaSnapshot live, SchemaSnapshot expected, DriftSides? sides = null)
    {
        // The opposite direction tells whether the live type is narrower than the expected one (only worth a second
        // comparison when a type differs at all).
        var reverse = diff.Changes.Any(c => c.Kind == "alter-column-type")
            ? SchemaDiffer.Compare(expected, live).Changes
                .Where(c => c.Kind == "alter-column-type")
                .ToDictionary(c => c.ObjectKey, c => c.Severity, StringComparer.Ordinal)
            : [];
        return DriftAnalyzer.Analyze(diff, live, expected, sides).Items.Select(drift => new VerifyFinding(
                drift.Kind,
                drift.ObjectName,
                drift.Changes.Max(change => SeverityOf(change, live, expected, reverse)),
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
    }

    private static string Sql(RepairAction repair) => string.Join(Environment.NewLine, repair.Statements.Select(s => s.Sql));

    private static Severity SeverityOf(SchemaChange change, SchemaSnapshot live, SchemaSnapshot expected, Dictionary<string, Severity> reverse) => change.Kind switch
    {
        // Only in the expected schema: the live database lacks something the code uses.
        "add-table" or "add-column" or "add-enum" or "add-domain" or "add-schema" or "recreate-table" => Severity.Critical,
        "add-constraint" => ConstraintKindOf(expected, change.ObjectKey) is ConstraintKind.Check or ConstraintKind.Exclusion ? Severity.Major : Severity.Critical,
        "add-enum-value" => Severity.Critical,
        "add-index" or "add-trigger" or "add-view" or "add-materialized-view" or "add-function" or "add-procedure"
            or "add-aggregate" or "add-sequence" or "add-extension" or "add-collation" or "add-policy" => Severity.Major,

        // Only in the live database: extra objects.
        "drop-table" or "drop-index" or "drop-view" or "drop-materialized-view" or "drop-function" or "drop-procedure"
            or "drop-aggregate" or "drop-sequence" or "drop-schema" or "drop-enum" or "drop-domain" or "drop-extension"
            or "drop-collation" => Severity.Minor,
        "drop-column" => ExtraColumnSeverity(live, change.ObjectKey),
        "drop-constraint" or "drop-trigger" or "drop-policy" => Severity.Major,
        "change-comment" => Severity.Minor,
        "replace-enum" => EnumSeverity(live, expected, change.ObjectKey),

        // Both, but different.
        "alter-column-type" or "alter-column-collation" => reverse.TryGetValue(change.ObjectKey, out var narrowed) && narrowed == Severity.Critical
            ? Severity.Critical
            : Severity.Major,
        _ => change.Severity == Severity.None ? Severity.Minor : change.Severity == Severity.Critical ? Severity.Major : change.Severity,
    };

    private static ConstraintKind? ConstraintKindOf(SchemaSnapshot snapshot, string key) =>
        snapshot.Constraints.FirstOrDefault(c => c.Key == key)?.ConstraintKind;

    /// <summary>An extra column is harmless unless the application's inserts must fill it (NOT NULL, nothing to fill it).</summary>
    private static Severity ExtraColumnSeverity(SchemaSnapshot live, string key)
    {
        var column = live.Tables.SelectMany(t => t.Columns).FirstOrDefault(c => c.Key == key);
        var filled = column is null || column.Default is not null || column.GeneratedExpression is not null || column.Identity != IdentityKind.None;
        return column is { NotNull: true } && !filled ? Severity.Major : Severity.Minor;
    }

    /// <summary>Extra labels in the live enum are minor; labels the code needs and the live enum lacks are critical.</summary>
    private static Severity EnumSeverity(SchemaSnapshot live, SchemaSnapshot expected, string key)
    {
        var liveEnum = live.Enums.FirstOrDefault(e => e.Key == key);
        var expectedEnum = expected.Enums.FirstOrDefault(e => e.Key == key);
        if (liveEnum is null || expectedEnum is null)
        {
            return Severity.Major;
        }

        return expectedEnum.Labels.All(liveEnum.Labels.Contains) ? Severity.Minor : Severity.Critical;
    }
}
