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

        // Kahn's algorithm over objects; among the ready ones the earliest planned runs first.
        var firstSequence = statements.GroupBy(st => st.ObjectKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(st => st.Sequence), StringComparer.Ordinal);
        var byKey = statements.ToLookup(st => st.ObjectKey, StringComparer.Ordinal);
        var waiting = before.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
        var after = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, requirements) in before)
        {
            foreach (var requirement in requirements)
            {
                if (!after.TryGetValue(requirement, out var list))
                {
                    after[requirement] = list = [];
                }

                list.Add(key);
            }
        }

        var ready = new PriorityQueue<string, int>();
        foreach (var (key, count) in waiting)
        {
            if (count == 0)
            {
                ready.Enqueue(key, firstSequence[key]);
            }
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PlannedStatement>(statements.Count);
        while (ready.TryDequeue(out var key, out _))
        {
            done.Add(key);
            result.AddRange(byKey[key]);
            foreach (var next in after.GetValueOrDefault(key) ?? [])
            {
                if (--waiting[next] == 0)
                {
                    ready.Enqueue(next, firstSequence[next]);
                }
            }
        }

        if (done.Count < keys.Count)
        {
            var pending = keys.Where(k => !done.Contains(k)).Order(StringComparer.Ordinal).ToList();
            throw new DependencyCycleException(FindCycle(pending, before, done));
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
