using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Which object needs which, in one snapshot: the snapshot's pg_depend edges plus the structure the model implies
/// (an object needs its schema, a column or index its table, a foreign key the referenced table and its keys,
/// a partition or child table its parent).
/// </summary>
/// <remarks>
/// Built for every comparison that changes anything, over every constraint, index and column of the database, but
/// asked about only the few objects statements are filed under: so the build is what must be cheap. Keys become
/// numbers once; edges are pairs of numbers, laid out per object in two arrays (each direction) when the build
/// ends, with no collection per object.
/// </remarks>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, int> ids;
    private readonly List<string> keys;

    // The owner (table or view) of each part (constraint, index, trigger, policy), by number; -1 for none.
    private readonly List<int> owners;

    // A column is a part of its table. Kept apart from the numbered objects: there are many columns, and only the few
    // that statements are filed under are ever asked about (a column needs its table; its table does not list it).
    private readonly Dictionary<string, string> columnTables;

    private readonly List<(int Dependent, int Referenced)> edges;

    // Per object number n, the edges from n are list[start[n]..start[n + 1]], in the order they were added.
    private int[] requiresStart = [];
    private int[] requiresList = [];
    private int[] requiredByStart = [];
    private int[] requiredByList = [];

    private DependencyGraph(int capacity, int columns)
    {
        ids = new(capacity, StringComparer.Ordinal);
        keys = new(capacity);
        owners = new(capacity);
        columnTables = new(columns, StringComparer.Ordinal);
        edges = new(capacity * 2);
    }

    public static DependencyGraph Build(SchemaSnapshot snapshot)
    {
        var columns = 0;
        foreach (var table in snapshot.Tables)
        {
            columns += table.Columns.Count;
        }

        var graph = new DependencyGraph(
            snapshot.Dependencies.Count + snapshot.Tables.Count + snapshot.Constraints.Count + snapshot.Indexes.Count, columns);

        // The keys the snapshot already holds, so that building the graph makes no string per edge.
        var tables = new Dictionary<QualifiedName, DbTable>(snapshot.Tables.Count);
        var relations = new Dictionary<QualifiedName, string>(snapshot.Tables.Count + snapshot.Views.Count);
        foreach (var table in snapshot.Tables)
        {
            tables[table.Name] = table;
            relations[table.Name] = table.Key;
        }

        foreach (var view in snapshot.Views)
        {
            relations[view.Name] = view.Key;
        }

        var schemas = new Dictionary<string, string>(StringComparer.Ordinal);
        string Schema(string name)
        {
            if (!schemas.TryGetValue(name, out var key))
            {
                key = "schema:" + name;
                schemas[name] = key;
            }

            return key;
        }

        string Relation(QualifiedName name) => relations.TryGetValue(name, out var key) ? key : "table:" + name;
        string Table(QualifiedName name) => tables.TryGetValue(name, out var table) ? table.Key : "table:" + name;
        string Column(QualifiedName table, string column) =>
            tables.TryGetValue(table, out var owner) && owner.FindColumn(column) is { } found && found.Table == table
                ? found.Key
                : "column:" + table + "." + column;

        foreach (var dependency in snapshot.Dependencies)
        {
            var (dependent, referenced) = (dependency.DependentKey, dependency.ReferencedKey);

            // A sequence OWNED BY a column is not needed to create it (the column's default needs the sequence),
            // and a table's own column default or generated expression does not make the table need its column.
            var ownedBy = dependent.StartsWith("sequence:", StringComparison.Ordinal)
                && (referenced.StartsWith("table:", StringComparison.Ordinal) || referenced.StartsWith("column:", StringComparison.Ordinal));
            var ownColumn = dependent.StartsWith("table:", StringComparison.Ordinal)
                && referenced.StartsWith("column:", StringComparison.Ordinal)
                && referenced.Length > dependent.Length + 1
                && referenced.AsSpan("column:".Length).StartsWith(dependent.AsSpan("table:".Length), StringComparison.Ordinal)
                && referenced[dependent.Length + 1] == '.';
            if (!ownedBy && !ownColumn)
            {
                graph.Add(dependent, referenced);
            }
        }

        foreach (var schema in snapshot.Extensions)
        {
            graph.Add(schema.Key, Schema(schema.Schema));
        }

        foreach (var obj in snapshot.Collations.Cast<ISchemaObject>().Concat(snapshot.Enums).Concat(snapshot.Domains).Concat(snapshot.CompositeTypes)
                     .Concat(snapshot.Sequences).Concat(snapshot.Views).Concat(snapshot.Functions))
        {
            graph.Add(obj.Key, Schema(SchemaOf(obj)));
        }

        foreach (var table in snapshot.Tables)
        {
            var tableKey = table.Key;
            graph.Add(tableKey, Schema(table.Name.Schema));
            foreach (var parent in table.Inherits)
            {
                graph.Add(tableKey, "table:" + parent);
            }

            if (table.PartitionOf is { } partitionOf)
            {
                graph.Add(tableKey, "table:" + partitionOf);
            }

            foreach (var column in table.Columns)
            {
                var columnKey = column.Key;
                graph.columnTables[columnKey] = tableKey;
                if (column.Collation is { } collation && SqlText.ParseQualified(collation) is [var s, var n])
                {
                    graph.Add(columnKey, "collation:" + s + "." + n);
                }
            }
        }

        var uniqueKeys = snapshot.Constraints
            .Where(c => c.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique)
            .Select(c => (c.Table, c.Key))
            .Concat(snapshot.Indexes.Where(i => i.Unique).Select(i => (i.Table, i.Key)))
            .ToLookup(x => x.Table, x => x.Key);
        foreach (var constraint in snapshot.Constraints)
        {
            var key = constraint.Key;
            graph.AddPart(key, Table(constraint.Table));
            foreach (var column in constraint.Columns)
            {
                graph.Add(key, Column(constraint.Table, column));
            }

            if (constraint.ConstraintKind == ConstraintKind.ForeignKey && constraint.ReferencedTable is { } referenced)
            {
                graph.Add(key, Table(referenced));
                foreach (var unique in uniqueKeys[referenced])
                {
                    graph.Add(key, unique);
                }
            }
        }

        foreach (var index in snapshot.Indexes)
        {
            var key = index.Key;
            graph.AddPart(key, Relation(index.Table));
            foreach (var column in index.Columns)
            {
                if (column.Length > 0)
                {
                    graph.Add(key, Column(index.Table, column));
                }
            }
        }

        foreach (var trigger in snapshot.Triggers)
        {
            graph.AddPart(trigger.Key, Relation(trigger.Table));
        }

        foreach (var policy in snapshot.Policies)
        {
            graph.AddPart(policy.Key, Relation(policy.Table));
        }

        foreach (var privilege in snapshot.Privileges)
        {
            graph.Add(privilege.Key, privilege.ObjectKey);
        }

        graph.Freeze();
        return graph;
    }

    /// <summary>The keys <paramref name="key"/> needs directly (possibly repeated).</summary>
    public IReadOnlyList<string> Requires(string key)
    {
        var list = ids.TryGetValue(key, out var id) ? Keys(requiresStart, requiresList, id) : [];
        return columnTables.TryGetValue(key, out var table) ? [table, .. list] : list;
    }

    /// <summary>The keys that need <paramref name="key"/> directly (possibly repeated); a table does not list its columns.</summary>
    public IReadOnlyList<string> RequiredBy(string key) =>
        ids.TryGetValue(key, out var id) ? Keys(requiredByStart, requiredByList, id) : [];

    /// <summary>Whether <paramref name="part"/> is a part of <paramref name="owner"/> (a column, constraint, index,
    /// trigger or policy of its table or view), rather than an object that uses it.</summary>
    public bool IsPart(string part, string owner)
    {
        if (ids.TryGetValue(part, out var id) && owners[id] >= 0)
        {
            return keys[owners[id]] == owner;
        }

        return columnTables.TryGetValue(part, out var table) && table == owner;
    }

    private static string SchemaOf(ISchemaObject obj) => obj switch
    {
        DbCollation c => c.Name.Schema,
        DbEnum e => e.Name.Schema,
        DbDomain d => d.Name.Schema,
        DbCompositeType t => t.Name.Schema,
        DbSequence s => s.Name.Schema,
        DbView v => v.Name.Schema,
        DbFunction f => f.Name.Schema,
        _ => throw new ArgumentOutOfRangeException(nameof(obj), obj.Kind, "Not a schema-qualified object."),
    };

    private string[] Keys(int[] start, int[] list, int id)
    {
        var result = new string[start[id + 1] - start[id]];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = keys[list[start[id] + i]];
        }

        return result;
    }

    private int Id(string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            id = keys.Count;
            ids.Add(key, id);
            keys.Add(key);
            owners.Add(-1);
        }

        return id;
    }

    private void AddPart(string part, string owner)
    {
        owners[Id(part)] = Id(owner);
        Add(part, owner);
    }

    private void Add(string dependent, string referenced)
    {
        if (dependent != referenced)
        {
            edges.Add((Id(dependent), Id(referenced)));
        }
    }

    /// <summary>Lays the edges out per object, both ways (a counting sort, which keeps their order).</summary>
    private void Freeze()
    {
        requiresStart = new int[keys.Count + 1];
        requiredByStart = new int[keys.Count + 1];
        foreach (var (dependent, referenced) in edges)
        {
            requiresStart[dependent + 1]++;
            requiredByStart[referenced + 1]++;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            requiresStart[i + 1] += requiresStart[i];
            requiredByStart[i + 1] += requiredByStart[i];
        }

        requiresList = new int[edges.Count];
        requiredByList = new int[edges.Count];
        var requiresNext = requiresStart[..^1];
        var requiredByNext = requiredByStart[..^1];
        foreach (var (dependent, referenced) in edges)
        {
            requiresList[requiresNext[dependent]++] = referenced;
            requiredByList[requiredByNext[referenced]++] = dependent;
        }

        edges.Clear();
        edges.TrimExcess();
    }
}
