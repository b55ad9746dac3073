using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Drift;

/// <summary>
/// Turns <c>Compare(actual, expected)</c> into drift as the drifted schema shows it: each difference named for what is
/// wrong (<see cref="DriftKinds"/>), with a repair that is safe on tables holding rows (<see cref="SafeRepairs"/>); a
/// missing column and a compatible extra column of the same table become one likely rename (<see cref="ColumnRenames"/>),
/// repaired by renaming the column back, keeping its data. A pure function: verify and fix both read drift through it.
/// </summary>
public static class DriftAnalyzer
{
    /// <param name="diff"><c>Compare(actual, expected)</c>.</param>
    /// <param name="sides">How the two schemas are named in descriptions (the database and the migrations by default).</param>
    /// <param name="pairRenames">Report and repair likely renames as such (false: an extra column and a missing one).</param>
    public static DriftReport Analyze(DiffResult diff, SchemaSnapshot actual, SchemaSnapshot expected, DriftSides? sides = null, bool pairRenames = true)
    {
        if (diff.IsEmpty)
        {
            return new DriftReport([], diff);
        }

        sides ??= DriftSides.DatabaseAndMigrations;
        var items = Items(diff, actual, expected, sides, pairRenames, out var repairDiff);

        // Whether the live type of a column is narrower than the expected one: a second comparison, only when a type differs.
        var narrowed = diff.Changes.Any(c => c.Kind == ChangeKind.AlterColumnType)
            ? SchemaDiffer.Compare(expected, actual).Changes
                .Where(c => c.Kind == ChangeKind.AlterColumnType)
                .ToDictionary(c => c.ObjectKey, c => c.Severity, StringComparer.Ordinal)
            : [];
        return new DriftReport(
            items.Select(item => item with { Severity = item.Changes.Max(change => ChangeClassifier.OfDrift(change, actual, expected, narrowed)) }).ToList(),
            repairDiff);
    }

    private static List<DriftItem> Items(DiffResult diff, SchemaSnapshot actual, SchemaSnapshot expected, DriftSides sides, bool pairRenames, out DiffResult repairDiff)
    {
        var actualObjects = Index(actual);
        var expectedObjects = Index(expected);
        var renames = pairRenames ? ColumnRenames.Find(diff, actual, expected) : [];
        repairDiff = diff;
        if (renames.Count == 0)
        {
            return diff.Changes.Select(c => Item(c, actualObjects, expectedObjects, sides)).ToList();
        }

        // The repairs come from the comparison with the renames done: it neither adds nor drops the renamed columns;
        // what it still changes on a renamed column (type, nullability, default) belongs to the rename.
        var renamed = SchemaDiffer.Compare(ColumnRenames.Apply(actual, renames), expected);
        repairDiff = renamed;
        var byMissing = renames.ToDictionary(r => r.Missing.Key, StringComparer.Ordinal);
        var items = new List<DriftItem>();
        foreach (var rename in renames)
        {
            var observed = new[] { rename.Missing.Key, rename.Extra.Key }.Select(k => diff.Changes.First(c => c.ObjectKey == k)).ToValueList();
            var rest = renamed.Changes.Where(c => c.ObjectKey == rename.Missing.Key).ToList();
            items.Add(RenameItem(rename, observed, rest, renamed, expectedObjects, sides));
        }

        items.AddRange(renamed.Changes.Where(c => !byMissing.ContainsKey(c.ObjectKey)).Select(c => Item(c, actualObjects, expectedObjects, sides)));
        return items;
    }

    private static DriftItem Item(SchemaChange change, Dictionary<string, ISchemaObject> actual, Dictionary<string, ISchemaObject> expected, DriftSides sides)
    {
        var (kind, description) = DriftKinds.Of(change, actual, expected, sides);
        return new DriftItem(kind, change.ObjectKey, change.ObjectName, description, new[] { change }.ToValueList(), SafeRepairs.For(change, expected))
        {
            Relation = RelationOf(actual.GetValueOrDefault(change.ObjectKey) ?? expected.GetValueOrDefault(change.ObjectKey)),
        };
    }

    private static QualifiedName? RelationOf(ISchemaObject? target) => target switch
    {
        DbTable t => t.Name,
        DbColumn c => c.Table,
        DbConstraint k => k.Table,
        DbIndex i => i.Table,
        DbTrigger g => g.Table,
        DbPolicy p => p.Table,
        DbView { Materialized: true } v => v.Name,
        _ => null,
    };

    /// <summary>
    /// The rename, then what else differs on the column (in the order of <paramref name="repairDiff"/>'s script), each
    /// made safe for rows; a part that needs a decision is left out and named. A comment only the renamed column has stays.
    /// </summary>
    private static DriftItem RenameItem(
        ColumnRename rename, ValueList<SchemaChange> observed, List<SchemaChange> rest, DiffResult repairDiff,
        Dictionary<string, ISchemaObject> expected, DriftSides sides)
    {
        var notes = new List<string> { $"renames {rename.Extra.Name} back to {rename.Missing.Name}, keeping its data" };
        var destructive = false;
        var script = repairDiff.Script.ToHashSet();
        var owned = new HashSet<SqlStatement>();
        var before = new Dictionary<SqlStatement, List<SqlStatement>>();
        var trailing = new List<SqlStatement>();
        foreach (var change in rest.Where(c => !(c.Kind == ChangeKind.ChangeComment && c.After is null)))
        {
            var repair = SafeRepairs.For(change, expected);
            if (repair.Decision is { } decision)
            {
                notes.Add("left for a decision: " + decision);
                continue;
            }

            destructive |= repair.Destructive;
            notes.AddRange(repair.Note is { } note ? [note] : []);
            notes.AddRange(change.Kind == ChangeKind.AlterColumnType && repair.Destructive ? [$"converts it back to {rename.Missing.DataType}, which can cut values"] : []);
            owned.UnionWith(repair.Statements.Where(script.Contains));

            // A statement the diff does not have (a backfill) runs just before the next one of its repair that it has.
            var pending = new List<SqlStatement>();
            foreach (var statement in repair.Statements)
            {
                if (!script.Contains(statement))
                {
                    pending.Add(statement);
                }
                else if (pending.Count > 0)
                {
                    before[statement] = [.. before.GetValueOrDefault(statement) ?? [], .. pending];
                    pending.Clear();
                }
            }

            trailing.AddRange(pending);
        }

        var statements = new List<SqlStatement> { rename.Statement };
        foreach (var statement in repairDiff.Script.Where(owned.Contains))
        {
            statements.AddRange(before.GetValueOrDefault(statement) ?? []);
            statements.Add(statement);
        }

        statements.AddRange(trailing);
        var description =
            $"column {rename.Missing.DisplayName} is missing from {sides.Actual}, which has column {rename.Extra.Name} ({rename.Extra.DataType}) instead, " +
            $"of a type compatible with {rename.Missing.Name} ({rename.Missing.DataType} in {sides.Expected}): likely renamed by hand";
        return new DriftItem(FindingKind.LikelyRenamedColumn, rename.Missing.Key, rename.Missing.DisplayName, description, observed,
            new RepairAction(ChangeKind.RenameColumn, statements.ToValueList(), destructive, string.Join("; ", notes)))
        {
            Rename = rename,
            Relation = rename.Table,
        };
    }

    private static Dictionary<string, ISchemaObject> Index(SchemaSnapshot snapshot)
    {
        var index = new Dictionary<string, ISchemaObject>(StringComparer.Ordinal);
        foreach (var item in snapshot.AllObjects())
        {
            index.TryAdd(item.Key, item);
        }

        return index;
    }
}
