using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Orders planned statements: by phase, then topologically within a phase.</summary>
internal static class ScriptPlanner
{
    /// <param name="createEdges">Dependent → referenced edges that must hold when creating (from the target).</param>
    /// <param name="dropEdges">Dependent → referenced edges that must hold when dropping (from the source).</param>
    public static IEnumerable<SqlStatement> Order(
        IReadOnlyList<PlannedStatement> statements,
        ILookup<string, string> createEdges,
        ILookup<string, string> dropEdges)
    {
        foreach (var phase in statements.GroupBy(s => s.Phase).OrderBy(g => g.Key))
        {
            var isDrop = phase.Key.ToString().StartsWith("Drop", StringComparison.Ordinal);
            foreach (var statement in Sort(phase.OrderBy(s => s.Sequence).ToList(), isDrop ? dropEdges : createEdges, isDrop))
            {
                yield return statement.Statement;
            }
        }
    }

    /// <summary>Kahn's algorithm, stable: ready statements run in their original order.</summary>
    private static List<PlannedStatement> Sort(List<PlannedStatement> statements, ILookup<string, string> edges, bool reverse)
    {
        var keys = statements.Select(s => s.ObjectKey).ToHashSet(StringComparer.Ordinal);

        // before[x] = keys that must run before x.
        var before = keys.ToDictionary(k => k, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var dependent in keys)
        {
            foreach (var referenced in edges[dependent])
            {
                if (referenced == dependent || !keys.Contains(referenced))
                {
                    continue;
                }

                // Creating: the referenced object first. Dropping: the dependent first.
                if (reverse)
                {
                    before[referenced].Add(dependent);
                }
                else
                {
                    before[dependent].Add(referenced);
                }
            }
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PlannedStatement>(statements.Count);
        var pending = statements;
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(s => before[s.ObjectKey].All(done.Contains));
            if (next is null)
            {
                throw new DependencyCycleException(FindCycle(pending.Select(s => s.ObjectKey).Distinct().ToList(), before, done));
            }

            // All statements of one object run together, in their original order.
            result.AddRange(pending.Where(s => s.ObjectKey == next.ObjectKey));
            pending = pending.Where(s => s.ObjectKey != next.ObjectKey).ToList();
            done.Add(next.ObjectKey);
        }

        return result;
    }

    private static List<string> FindCycle(List<string> pending, Dictionary<string, HashSet<string>> before, HashSet<string> done)
    {
        var path = new List<string>();
        var current = pending[0];
        while (!path.Contains(current))
        {
            path.Add(current);
            current = before[current].First(k => !done.Contains(k));
        }

        var cycle = path.Skip(path.IndexOf(current)).ToList();
        cycle.Add(current);
        return cycle;
    }

    public static ILookup<string, string> Edges(SchemaSnapshot snapshot)
    {
        var edges = snapshot.Dependencies.Select(d => (d.DependentKey, d.ReferencedKey)).ToList();

        // Columns belong to their table; a statement on a column orders like its table.
        foreach (var table in snapshot.Tables)
        {
            foreach (var parent in table.Inherits)
            {
                edges.Add((table.Key, "table:" + parent));
            }

            if (table.PartitionOf is { } of)
            {
                edges.Add((table.Key, "table:" + of));
            }
        }

        foreach (var constraint in snapshot.Constraints.Where(c => c.ReferencedTable is not null))
        {
            edges.Add((constraint.Key, "table:" + constraint.ReferencedTable));
        }

        return edges.ToLookup(e => e.Item1, e => e.Item2, StringComparer.Ordinal);
    }
}
