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
    /// <summary>The drift kind and a sentence naming both sides.</summary>
    /// <param name="actual">The drifted schema's objects by key.</param>
    /// <param name="expected">The expected schema's objects by key.</param>
    public static (FindingKind Kind, string Description) Of(
        SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> actual, IReadOnlyDictionary<string, ISchemaObject> expected, DriftSides sides)
    {
        var subject = DriftSubjects.Of(change.ObjectKind, actual.GetValueOrDefault(change.ObjectKey) ?? expected.GetValueOrDefault(change.ObjectKey));
        var name = $"{subject.Noun()} {change.ObjectName}";
        switch (change.ChangeType)
        {
            case ChangeType.Added when change.Kind != ChangeKind.AddEnumValue:
                return (FindingKinds.Missing(subject), $"{name} is missing: it is in {sides.Expected} but not in {sides.Actual}");
            case ChangeType.Removed:
                return (FindingKinds.Extra(subject), $"{name} exists in {sides.Actual} but not in {sides.Expected}");
        }

        var differs = $"{name}: {change.Before ?? "none"} in {sides.Actual}, {change.After ?? "none"} in {sides.Expected}";
        return change.Kind switch
        {
            ChangeKind.ChangeComment when change.After is null => (FindingKind.ExtraComment, $"{name} has a comment in {sides.Actual} that is not in {sides.Expected}: {Quote(change.Before)}"),
            ChangeKind.ChangeComment when change.Before is null => (FindingKind.MissingComment, $"{name} has no comment in {sides.Actual}; in {sides.Expected} it is {Quote(change.After)}"),
            ChangeKind.ChangeComment => (FindingKind.CommentDiffers, $"{name}: comment {Quote(change.Before)} in {sides.Actual}, {Quote(change.After)} in {sides.Expected}"),
            ChangeKind.AddEnumValue => (FindingKind.MissingEnumValue, $"{name} lacks labels: {change.Before} in {sides.Actual}, {change.After} in {sides.Expected}"),
            ChangeKind.ReplaceEnum when ExtraLabelsOnly(change, actual, expected) => (FindingKind.ExtraEnumValue, $"{name} has extra labels: {change.Before} in {sides.Actual}, {change.After} in {sides.Expected}"),
            ChangeKind.ValidateConstraint => (FindingKinds.NotValidated(subject), $"{name} is NOT VALID in {sides.Actual} but validated in {sides.Expected}"),
            _ => (Differs(change.Kind) ?? FindingKinds.Differs(subject), differs),
        };
    }

    /// <summary>The kind of a difference in one aspect of an object, where the aspect has a name of its own.</summary>
    private static FindingKind? Differs(ChangeKind kind) => kind switch
    {
        ChangeKind.ReplaceEnum => FindingKind.EnumValuesDiffer,
        ChangeKind.ReorderEnum => FindingKind.EnumOrderDiffers,
        ChangeKind.AlterColumnType => FindingKind.ColumnTypeDiffers,
        ChangeKind.AlterColumnNullability => FindingKind.ColumnNullabilityDiffers,
        ChangeKind.AlterColumnDefault => FindingKind.ColumnDefaultDiffers,
        ChangeKind.AlterColumnIdentity => FindingKind.ColumnIdentityDiffers,
        ChangeKind.AlterColumnGenerated => FindingKind.ColumnGenerationDiffers,
        ChangeKind.AlterColumnCollation => FindingKind.ColumnCollationDiffers,
        ChangeKind.AlterTriggerEnabled => FindingKind.TriggerEnabledDiffers,
        ChangeKind.AlterSequenceOwner => FindingKind.SequenceOwnerDiffers,
        ChangeKind.AlterExtensionVersion => FindingKind.ExtensionVersionDiffers,
        ChangeKind.AlterExtensionSchema => FindingKind.ExtensionSchemaDiffers,
        ChangeKind.AlterTablePersistence => FindingKind.TablePersistenceDiffers,
        ChangeKind.AlterTableStorage => FindingKind.TableStorageDiffers,
        ChangeKind.AlterTableRls => FindingKind.RowLevelSecurityDiffers,
        ChangeKind.AlterTableInherits => FindingKind.TableInheritanceDiffers,
        ChangeKind.AttachPartition or ChangeKind.DetachPartition => FindingKind.TablePartitionDiffers,
        ChangeKind.RecreateTable => FindingKind.TablePartitioningDiffers,
        ChangeKind.ChangeGrantOption => FindingKind.PrivilegeGrantOptionDiffers,
        ChangeKind.RenameIndex => FindingKind.IndexNameDiffers,

        // Settings pg_dump writes as statements of their own.
        ChangeKind.AlterColumnStatistics => FindingKind.ColumnStatisticsDiffers,
        ChangeKind.AlterColumnStorage => FindingKind.ColumnStorageDiffers,
        ChangeKind.AlterColumnCompression => FindingKind.ColumnCompressionDiffers,
        ChangeKind.AlterColumnOptions => FindingKind.ColumnOptionsDiffers,
        ChangeKind.AlterIndexStorage => FindingKind.IndexStorageDiffers,
        ChangeKind.AlterIndexTablespace => FindingKind.IndexTablespaceDiffers,
        ChangeKind.AlterIndexStatistics => FindingKind.IndexStatisticsDiffers,
        ChangeKind.AlterTableAccessMethod => FindingKind.TableAccessMethodDiffers,
        ChangeKind.AlterTableTablespace => FindingKind.TableTablespaceDiffers,
        ChangeKind.AlterTableReplicaIdentity => FindingKind.TableReplicaIdentityDiffers,
        ChangeKind.AlterTableCluster => FindingKind.TableClusterDiffers,
        _ => null,
    };

    private static string Quote(string? text) => text is null ? "none" : "'" + text + "'";

    /// <summary>The actual enum keeps every expected label in order and has more: only labels were added by hand.</summary>
    private static bool ExtraLabelsOnly(SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> actual, IReadOnlyDictionary<string, ISchemaObject> expected) =>
        actual.GetValueOrDefault(change.ObjectKey) is DbEnum a
        && expected.GetValueOrDefault(change.ObjectKey) is DbEnum e
        && DiffAnalysis.LabelsOnlyAdded(e.Labels, a.Labels);
}
