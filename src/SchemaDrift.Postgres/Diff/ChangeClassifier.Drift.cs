using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The severity of drift: how bad it is for the application that a database differs from what its migrations make,
/// by the change that would repair it (<c>Compare(live, expected)</c>). What the code needs and the live database
/// lacks is critical (tables, columns, keys, enum labels, types it cannot use); behaviour differences are major;
/// extra objects and comments are minor. Where no rule names the change, the change's own severity stands, a
/// critical one counted as major and none as minor.
/// </summary>
internal static partial class ChangeClassifier
{
    /// <param name="narrowed">For each column whose type differs, the severity of converting the expected type into the
    /// live one (critical: the live type is narrower, so values the code writes do not fit).</param>
    public static Severity OfDrift(SchemaChange change, SchemaSnapshot live, SchemaSnapshot expected, IReadOnlyDictionary<string, Severity> narrowed) => change.Kind switch
    {
        // Only in the expected schema: the live database lacks something the code uses.
        ChangeKind.AddTable or ChangeKind.AddColumn or ChangeKind.AddEnum or ChangeKind.AddDomain or ChangeKind.AddRangeType or ChangeKind.AddSchema or ChangeKind.RecreateTable => Severity.Critical,
        ChangeKind.AddConstraint => ConstraintKindOf(expected, change.ObjectKey) is ConstraintKind.Check or ConstraintKind.Exclusion ? Severity.Major : Severity.Critical,
        ChangeKind.AddEnumValue => Severity.Critical,
        ChangeKind.AddIndex or ChangeKind.AddTrigger or ChangeKind.AddView or ChangeKind.AddMaterializedView or ChangeKind.AddFunction or ChangeKind.AddProcedure
            or ChangeKind.AddAggregate or ChangeKind.AddSequence or ChangeKind.AddExtension or ChangeKind.AddCollation or ChangeKind.AddPolicy => Severity.Major,

        // Only in the live database: extra objects.
        ChangeKind.DropTable or ChangeKind.DropIndex or ChangeKind.DropView or ChangeKind.DropMaterializedView or ChangeKind.DropFunction or ChangeKind.DropProcedure
            or ChangeKind.DropAggregate or ChangeKind.DropSequence or ChangeKind.DropSchema or ChangeKind.DropEnum or ChangeKind.DropDomain or ChangeKind.DropRangeType or ChangeKind.DropExtension
            or ChangeKind.DropCollation => Severity.Minor,
        ChangeKind.DropColumn => ExtraColumnSeverity(live, change.ObjectKey),
        ChangeKind.DropConstraint or ChangeKind.DropTrigger or ChangeKind.DropPolicy => Severity.Major,
        ChangeKind.ChangeComment => Severity.Minor,
        ChangeKind.ReplaceEnum => EnumSeverity(live, expected, change.ObjectKey),

        // Both, but different.
        ChangeKind.AlterColumnType or ChangeKind.AlterColumnCollation => narrowed.TryGetValue(change.ObjectKey, out var reverse) && reverse == Severity.Critical
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
