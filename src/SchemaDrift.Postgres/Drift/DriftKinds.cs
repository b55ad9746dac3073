using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Drift;

/// <summary>
/// Names a difference of <c>Compare(actual, expected)</c> for what is wrong with the actual schema, never for the
/// statement that would repair it: an object only the actual schema has is <c>extra-…</c>, one only the expected schema
/// has is <c>missing-…</c>, one both have but differently is <c>…-differs</c>. The repair keeps the diff's kind.
/// </summary>
public static class DriftKinds
{
    /// <summary>A missing column and an extra column of a compatible type in the same table.</summary>
    public const string LikelyRenamedColumn = "likely-renamed-column";

    /// <summary>The drift kind and a sentence naming both sides.</summary>
    /// <param name="actual">The drifted schema's objects by key.</param>
    /// <param name="expected">The expected schema's objects by key.</param>
    public static (string Kind, string Description) Of(
        SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> actual, IReadOnlyDictionary<string, ISchemaObject> expected, DriftSides sides)
    {
        var noun = Noun(change, actual.GetValueOrDefault(change.ObjectKey) ?? expected.GetValueOrDefault(change.ObjectKey));
        var name = $"{noun} {change.ObjectName}";
        switch (change.ChangeType)
        {
            case ChangeType.Added when change.Kind != "add-enum-value":
                return ("missing-" + Slug(noun), $"{name} is missing: it is in {sides.Expected} but not in {sides.Actual}");
            case ChangeType.Removed:
                return ("extra-" + Slug(noun), $"{name} exists in {sides.Actual} but not in {sides.Expected}");
        }

        var differs = $"{name}: {change.Before ?? "none"} in {sides.Actual}, {change.After ?? "none"} in {sides.Expected}";
        return change.Kind switch
        {
            "change-comment" when change.After is null => ("extra-comment", $"{name} has a comment in {sides.Actual} that is not in {sides.Expected}: {Quote(change.Before)}"),
            "change-comment" when change.Before is null => ("missing-comment", $"{name} has no comment in {sides.Actual}; in {sides.Expected} it is {Quote(change.After)}"),
            "change-comment" => ("comment-differs", $"{name}: comment {Quote(change.Before)} in {sides.Actual}, {Quote(change.After)} in {sides.Expected}"),
            "add-enum-value" => ("missing-enum-value", $"{name} lacks labels: {change.Before} in {sides.Actual}, {change.After} in {sides.Expected}"),
            "replace-enum" when ExtraLabelsOnly(change, actual, expected) => ("extra-enum-value", $"{name} has extra labels: {change.Before} in {sides.Actual}, {change.After} in {sides.Expected}"),
            "replace-enum" => ("enum-values-differ", differs),
            "reorder-enum" => ("enum-order-differs", differs),
            "alter-column-type" => ("column-type-differs", differs),
            "alter-column-nullability" => ("column-nullability-differs", differs),
            "alter-column-default" => ("column-default-differs", differs),
            "alter-column-identity" => ("column-identity-differs", differs),
            "alter-column-generated" => ("column-generation-differs", differs),
            "alter-column-collation" => ("column-collation-differs", differs),
            "validate-constraint" => (Slug(noun) + "-not-validated", $"{name} is NOT VALID in {sides.Actual} but validated in {sides.Expected}"),
            "alter-trigger-enabled" => ("trigger-enabled-differs", differs),
            "alter-sequence-owner" => ("sequence-owner-differs", differs),
            "alter-extension-version" => ("extension-version-differs", differs),
            "alter-extension-schema" => ("extension-schema-differs", differs),
            "alter-table-persistence" => ("table-persistence-differs", differs),
            "alter-table-storage" => ("table-storage-differs", differs),
            "alter-table-rls" => ("row-level-security-differs", differs),
            "alter-table-inherits" => ("table-inheritance-differs", differs),
            "attach-partition" or "detach-partition" => ("table-partition-differs", differs),
            "recreate-table" => ("table-partitioning-differs", differs),
            "change-grant-option" => ("privilege-grant-option-differs", differs),
            "rename-index" => ("index-name-differs", differs),

            // Settings pg_dump writes as statements of their own: alter-column-storage is column-storage-differs.
            _ when change.Kind.StartsWith("alter-", StringComparison.Ordinal) && change.Kind.Count(c => c == '-') >= 2
                => (change.Kind["alter-".Length..] + "-differs", differs),
            _ => (Slug(noun) + "-differs", differs),
        };
    }

    /// <summary>What a person calls the object: "table", "foreign key", "materialized view"…</summary>
    public static string Noun(SchemaChange change, ISchemaObject? target) => change.ObjectKind switch
    {
        ObjectKind.Constraint => (target as DbConstraint)?.ConstraintKind switch
        {
            ConstraintKind.PrimaryKey => "primary key",
            ConstraintKind.ForeignKey => "foreign key",
            ConstraintKind.Unique => "unique constraint",
            ConstraintKind.Check => "check constraint",
            ConstraintKind.Exclusion => "exclusion constraint",
            _ => "constraint",
        },
        ObjectKind.MaterializedView => "materialized view",
        ObjectKind.CompositeType => "composite type",
        _ => change.ObjectKind.ToString().ToLowerInvariant(),
    };

    private static string Slug(string noun) => noun.Replace(' ', '-');

    private static string Quote(string? text) => text is null ? "none" : "'" + text + "'";

    /// <summary>The actual enum keeps every expected label in order and has more: only labels were added by hand.</summary>
    private static bool ExtraLabelsOnly(SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> actual, IReadOnlyDictionary<string, ISchemaObject> expected) =>
        actual.GetValueOrDefault(change.ObjectKey) is DbEnum a
        && expected.GetValueOrDefault(change.ObjectKey) is DbEnum e
        && DiffAnalysis.LabelsOnlyAdded(e.Labels, a.Labels);
}
