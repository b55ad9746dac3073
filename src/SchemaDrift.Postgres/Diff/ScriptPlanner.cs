namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Puts the statements in run order: the fixed <see cref="Phase"/> order, overridden only where a dependency
/// demands it (a stable topological sort that prefers the earliest phase among the statements that may run).
/// </summary>
/// <remarks>
/// Edges between statements come from the object keys they are filed under:
/// <list type="bullet">
/// <item>statements on the same object keep their phase order;</item>
/// <item>creating or altering an object waits for the creating and altering statements of what it needs in the
/// target (only the creating statement of the table or view it is a part of), and for all statements of its
/// explicit <see cref="PlannedStatement.Requires"/>;</item>
/// <item>anything done to an object waits for the drops of what depended on it in the source (altering a table
/// does not wait for its own parts to be dropped);</item>
/// <item>dropping an object also waits for the statements that alter its source dependents away from it
/// (a column retyped away from an enum before the enum is dropped).</item>
/// </list>
/// A statement that waits for a destructive one is marked destructive too: when destructive statements are withheld,
/// what needs them is withheld with them (a table created again after a DROP TABLE that is withheld, a type dropped
/// after the DROP COLUMN of a column that uses it), so that the script without them still runs. A change is withheld
/// whole (with the objects it creates again), and an object whose creating statement is withheld keeps all of its
/// statements withheld, its drop included: a policy or a generated column created again around a withheld column
/// change stays as it is, rather than be dropped and not made again, and a sequence is not released from a table that
/// is not created again.
/// </remarks>
internal static class ScriptPlanner
{
    public static IReadOnlyList<PlannedStatement> Order(IReadOnlyList<PlannedStatement> statements, DependencyGraph from, DependencyGraph to)
    {
        var nodes = statements.ToArray();
        Array.Sort(nodes, static (a, b) => a.Phase != b.Phase ? (int)a.Phase - (int)b.Phase : a.Sequence - b.Sequence);
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (!byKey.TryGetValue(nodes[i].Key, out var list))
            {
                list = [];
                byKey[nodes[i].Key] = list;
            }

            list.Add(i);
        }

        var waits = new Waits(nodes, byKey);
        var before = new List<int>[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            var set = waits.Start(i);
            var sameKey = byKey[node.Key];
            var position = sameKey.IndexOf(i);
            if (position > 0)
            {
                waits.Wait(sameKey[position - 1]);
            }

            if (node.Action != StatementAction.Drop)
            {
                foreach (var needed in to.Requires(node.Key))
                {
                    waits.WaitFor(needed, create: true, alter: !to.IsPart(node.Key, needed), drop: false);
                }
            }

            foreach (var needed in node.Requires)
            {
                waits.WaitFor(needed, create: true, alter: true, drop: true);
            }

            foreach (var dependent in from.RequiredBy(node.Key))
            {
                if (node.Action == StatementAction.Drop || !from.IsPart(dependent, node.Key))
                {
                    waits.WaitFor(dependent, create: false, alter: node.Action == StatementAction.Drop, drop: true);

                    // A part of a table dropped whole (a column's default, a check) has no statement of its own: the DROP TABLE.
                    if (node.Action == StatementAction.Drop && !byKey.ContainsKey(dependent) && from.OwnerOf(dependent) is { } table)
                    {
                        waits.WaitFor(table, create: false, alter: false, drop: true);
                    }
                }
            }

            before[i] = set;
        }

        var order = Sort(nodes, before);
        Withhold(nodes, before, order, byKey);
        return order.ConvertAll(i => nodes[i]);
    }

    /// <summary>Marks destructive what must be withheld with a destructive statement (see the remarks), to a fixed point.</summary>
    private static void Withhold(PlannedStatement[] nodes, List<int>[] before, List<int> order, Dictionary<string, List<int>> byKey)
    {
        if (!Array.Exists(nodes, n => n.Statement.Destructive))
        {
            return;
        }

        static bool Mark(PlannedStatement[] nodes, int i)
        {
            if (nodes[i].Statement.Destructive)
            {
                return false;
            }

            nodes[i] = nodes[i] with { Statement = nodes[i].Statement with { Destructive = true } };
            return true;
        }

        // The statements of each change, with those of the objects it creates again (filed under its cause).
        var changes = new Dictionary<object, List<int>>();
        for (var i = 0; i < nodes.Length; i++)
        {
            if (((object?)nodes[i].Change ?? nodes[i].CauseKey) is { } group)
            {
                if (!changes.TryGetValue(group, out var list))
                {
                    changes[group] = list = [];
                }

                list.Add(i);
            }
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var i in order)
            {
                if (!nodes[i].Statement.Destructive && before[i].Exists(b => nodes[b].Statement.Destructive))
                {
                    changed |= Mark(nodes, i);
                }
            }

            foreach (var list in byKey.Values)
            {
                if (list.Count > 1 && list.Exists(i => nodes[i].Action == StatementAction.Create && nodes[i].Statement.Destructive))
                {
                    foreach (var i in list)
                    {
                        changed |= Mark(nodes, i);
                    }
                }
            }

            foreach (var list in changes.Values)
            {
                if (list.Count > 1 && list.Exists(i => nodes[i].Statement.Destructive))
                {
                    foreach (var i in list)
                    {
                        changed |= Mark(nodes, i);
                    }
                }
            }
        }
    }

    /// <summary>What one statement waits for, each statement once (marked[j] == i + 1 once j is in node i's list).</summary>
    private sealed class Waits(PlannedStatement[] nodes, Dictionary<string, List<int>> byKey)
    {
        private readonly int[] marked = new int[nodes.Length];
        private List<int> set = [];
        private int node;

        public List<int> Start(int i)
        {
            (node, set) = (i, []);
            return set;
        }

        public void Wait(int j)
        {
            if (j != node && marked[j] != node + 1)
            {
                marked[j] = node + 1;
                set.Add(j);
            }
        }

        /// <summary>The statements filed under <paramref name="key"/> that do what is asked. Comments, grants and
        /// row-level security switches of another object are never what a statement waits for.</summary>
        public void WaitFor(string key, bool create, bool alter, bool drop)
        {
            if (byKey.TryGetValue(key, out var list))
            {
                foreach (var j in list)
                {
                    var action = nodes[j].Action;
                    if (((action == StatementAction.Create && create) || (action == StatementAction.Alter && alter) || (action == StatementAction.Drop && drop))
                        && Structural(nodes[j].Phase))
                    {
                        Wait(j);
                    }
                }
            }
        }
    }

    private static bool Structural(Phase phase) =>
        phase is not (Phase.Preamble or Phase.RowLevelSecurity or Phase.Comments or Phase.Privileges);

    /// <summary>The statements' indexes in run order.</summary>
    private static List<int> Sort(PlannedStatement[] nodes, List<int>[] before)
    {
        var waiting = new int[nodes.Length];
        var after = new List<int>[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            after[i] = [];
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            waiting[i] = before[i].Count;
            foreach (var b in before[i])
            {
                after[b].Add(i);
            }
        }

        // Node indexes are in (phase, sequence) order, so the smallest ready index is the statement to run next.
        var ready = new MinHeap(nodes.Length);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Push(i);
            }
        }

        var result = new List<int>(nodes.Length);
        var done = new bool[nodes.Length];
        while (ready.Count > 0)
        {
            var next = ready.Pop();
            done[next] = true;
            result.Add(next);
            foreach (var a in after[next])
            {
                if (--waiting[a] == 0)
                {
                    ready.Push(a);
                }
            }
        }

        if (result.Count < nodes.Length)
        {
            throw new DependencyCycleException(FindCycle(nodes, before, done));
        }

        return result;
    }

    /// <summary>Walks "must run after" edges among the statements left over until one repeats.</summary>
    private static List<string> FindCycle(PlannedStatement[] nodes, List<int>[] before, bool[] done)
    {
        var start = Array.FindIndex(done, d => !d);
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var current = start;
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = before[current].Where(b => !done[b]).Min();
        }

        // The path runs from dependents to what they wait for; report it in dependency order, objects only.
        var cycle = path.Skip(position[current]).Select(i => nodes[i].Key).ToList();
        var keys = new List<string>();
        foreach (var key in cycle)
        {
            if (keys.Count == 0 || keys[^1] != key)
            {
                keys.Add(key);
            }
        }

        if (keys.Count > 1 && keys[0] == keys[^1])
        {
            keys.RemoveAt(keys.Count - 1);
        }

        keys.Add(keys[0]);
        return keys;
    }

    /// <summary>The smallest of a set of statement indexes, each pushed once.</summary>
    private sealed class MinHeap(int capacity)
    {
        private readonly int[] items = new int[capacity];

        public int Count { get; private set; }

        public void Push(int value)
        {
            var at = Count++;
            while (at > 0 && items[(at - 1) / 2] > value)
            {
                items[at] = items[(at - 1) / 2];
                at = (at - 1) / 2;
            }

            items[at] = value;
        }

        public int Pop()
        {
            var top = items[0];
            var last = items[--Count];
            var at = 0;
            while (2 * at + 1 < Count)
            {
                var child = 2 * at + 1;
                if (child + 1 < Count && items[child + 1] < items[child])
                {
                    child++;
                }

                if (items[child] >= last)
                {
                    break;
                }

                items[at] = items[child];
                at = child;
            }

            items[at] = last;
            return top;
        }
    }
}
