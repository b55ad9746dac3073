using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Range types. No ALTER changes a range type's subtype, functions, operator class or collation, so one that differs
/// is dropped and created again (<see cref="DiffAnalysis"/> decides it): the views and routines that use it are created
/// again around it, and the columns that hold it (or its multirange type) are dropped and added again, which loses
/// their values: the whole change is then destructive. A comment alone is set in place.
/// </summary>
internal static class RangeTypeComparer
{
    public static void Compare(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.RangeTypes, context.To.RangeTypes);
        foreach (var type in added)
        {
            var change = context.AddChange(type, ChangeKind.AddRangeType, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddRangeType), $"range type {type.DisplayName} added", after: Describe(type));
            Create(context, change, type, destructive: false);
        }

        foreach (var type in removed)
        {
            var change = context.AddChange(type, ChangeKind.DropRangeType, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropRangeType), $"range type {type.DisplayName} dropped", before: Describe(type));
            context.Emit(change, Phase.DropTypes, StatementAction.Drop, type.Key, DdlWriter.DropType(type.Name));
        }

        foreach (var (from, to) in both)
        {
            if (from.SameDefinition(to))
            {
                CompareComment(context, to, from.Comment, to.Comment);
                continue;
            }

            var columns = context.Recreate.Where(r => r.Value == to.Key && r.Key.StartsWith("column:", StringComparison.Ordinal)).Select(r => r.Key[7..]).Order(StringComparer.Ordinal).ToList();
            var lossy = columns.Count > 0;
            var (before, after) = (Describe(from), Describe(to));
            var change = context.AddChange(
                to, ChangeKind.ReplaceRangeType, ChangeType.Modified,
                lossy ? new Classification(Severity.Critical, Hazards.DeletesData | Hazards.AccessExclusiveLock) : Classification.Major,
                $"range type {to.DisplayName}: {before} → {after}; the type is dropped and created again"
                    + (lossy ? $", and the column{(columns.Count > 1 ? "s" : string.Empty)} holding it ({string.Join(", ", columns)}) dropped and added again (their values are lost)" : string.Empty),
                before, after);
            context.Emit(change, Phase.DropReplaced, StatementAction.Drop, to.Key, DdlWriter.DropType(from.Name), destructive: lossy);
            Create(context, change, to, lossy);
        }
    }

    private static void Create(DiffContext context, ChangeBuilder change, DbRangeType type, bool destructive)
    {
        context.Emit(change, Phase.CreateTypes, StatementAction.Create, type.Key, DdlWriter.CreateRangeType(type), destructive: destructive);
        CommentOnCreate(context, change, type, type.Comment);
    }

    private static string Describe(DbRangeType type) => DdlWriter.RangeTypeParts(type);
}
