using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Postgres.Repair;

/// <summary>
/// The statements of the repaired drift in the diff's run order. A repair's own statements that the diff does not have
/// (a rename, a backfill) run just before the next statement of that repair the diff has, or after its last one, or
/// first of all when the diff has none of its statements. A statement no change owns (a drop and re-creation forced
/// by a dependency) runs when any step runs; statements of drift left out never run.
/// </summary>
internal static class RepairOrder
{
    public static IReadOnlyList<RepairStatement> Of(DiffResult diff, IReadOnlyList<RepairStep> steps, bool allowDestructive)
    {
        var script = diff.Script.ToHashSet();
        var owners = new Dictionary<SqlStatement, List<int>>();
        var before = new Dictionary<SqlStatement, List<RepairStatement>>();
        var after = new Dictionary<SqlStatement, List<RepairStatement>>();
        var first = new List<RepairStatement>();
        foreach (var step in steps)
        {
            var pending = new List<RepairStatement>();
            SqlStatement? last = null;
            foreach (var statement in step.Drift.Repair.Statements)
            {
                if (!script.Contains(statement))
                {
                    pending.Add(new RepairStatement(statement, [step.Number]));
                    continue;
                }

                Add(owners, statement, step.Number);
                Add(before, statement, pending);
                pending = [];
                last = statement;
            }

            if (last is not null)
            {
                Add(after, last, pending);
            }
            else
            {
                first.AddRange(pending);
            }
        }

        var ownedByAnyChange = diff.Changes.SelectMany(c => c.Statements).ToHashSet();
        var all = steps.Select(s => s.Number).ToList();
        var result = new List<RepairStatement>(first);
        foreach (var statement in diff.Script)
        {
            if (statement.Sql.StartsWith("SET check_function_bodies", StringComparison.Ordinal) || (statement.Destructive && !allowDestructive))
            {
                continue;
            }

            result.AddRange(before.GetValueOrDefault(statement) ?? []);
            if (owners.TryGetValue(statement, out var stepNumbers))
            {
                result.Add(new RepairStatement(statement, stepNumbers));
            }
            else if (!ownedByAnyChange.Contains(statement) && all.Count > 0)
            {
                result.Add(new RepairStatement(statement, all));
            }

            result.AddRange(after.GetValueOrDefault(statement) ?? []);
        }

        return result;
    }

    private static void Add(Dictionary<SqlStatement, List<int>> map, SqlStatement key, int step)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (!list.Contains(step))
        {
            list.Add(step);
        }
    }

    private static void Add(Dictionary<SqlStatement, List<RepairStatement>> map, SqlStatement key, List<RepairStatement> items)
    {
        if (items.Count > 0)
        {
            map[key] = [.. map.GetValueOrDefault(key) ?? [], .. items];
        }
    }
}
