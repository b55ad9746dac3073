using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Which object needs which, in one snapshot: the snapshot's pg_depend edges plus the structure the model implies
/// (an object needs its schema, a column or index its table, a foreign key the referenced table and its keys,
/// a partition or child table its parent).
/// </summary>
internal sealed class DependencyGraph
{
    // Lists rather than sets: a repeated edge costs nothing to its readers, a set per object costs every build.
    private readonly Dictionary<string, List<string>> requires;
    private readonly Dictionary<string, List<string>> requiredBy;
    private readonly Dictionary<string, string> owners;

    // A column is a part of its table. Kept apart from the lists: there are many columns, and only the few that
    // statements are filed under are ever asked about (a column needs its table; its table does not list it).
    private readonly Dictionary<string, string> columnTables;

    private DependencyGraph(int capacity, int columns)
    {
        requires = new(capacity, StringComparer.Ordinal);
        requiredBy = new(capacity, StringComparer.Ordinal);
        owners = new(capacity, StringComparer.Ordinal);
        columnTables = new(columns, StringComparer.Ordinal);
    }

    public static DependencyGraph Build(SchemaSnapshot snapshot)
    {
        var graph = new DependencyGraph(
            snapshot.Dependencies.Count + snapshot.Tables.Count + snapshot.Constraints.Count + snapshot.Indexes.Count, snapshot.Tables.Sum(t => t.Columns.Count));
        var views = snapshot.Views.Select(v => v.Name).ToHashSet();
        string Relation(QualifiedName name) => (views.Contains(name) ? "view:" : "table:") + name;
        string Schema(string name) => "schema:" + name;

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

        // Keys are built once per object: this runs over every column, constraint and index of the database.
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
            var table = constraint.Table.ToString();
            graph.AddPart(key, "table:" + table);
            foreach (var column in constraint.Columns)
            {
                graph.Add(key, "column:" + table + "." + column);
            }

            if (constraint.ConstraintKind == ConstraintKind.ForeignKey && constraint.ReferencedTable is { } referenced)
            {
                graph.Add(key, "table:" + referenced);
                foreach (var unique in uniqueKeys[referenced])
                {
                    graph.Add(key, unique);
                }
            }
        }

        foreach (var index in snapshot.Indexes)
        {
            var key = index.Key;
            var table = index.Table.ToString();
            graph.AddPart(key, Relation(index.Table));
            foreach (var column in index.Columns)
            {
                if (column.Length > 0)
                {
                    graph.Add(key, "column:" + table + "." + column);
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

        return graph;
    }

    /// <summary>The keys <paramref name="key"/> needs directly (possibly repeated).</summary>
    public IReadOnlyList<string> Requires(string key)
    {
        var list = requires.TryGetValue(key, out var found) ? found : [];
        return columnTables.TryGetValue(key, out var table) ? [table, .. list] : list;
    }

    /// <summary>The keys that need <paramref name="key"/> directly (possibly repeated); a table does not list its columns.</summary>
    public IReadOnlyList<string> RequiredBy(string key) => requiredBy.TryGetValue(key, out var list) ? list : [];

    /// <summary>Whether <paramref name="part"/> is a part of <paramref name="owner"/> (a column, constraint, index,
    /// trigger or policy of its table or view), rather than an object that uses it.</summary>
    public bool IsPart(string part, string owner) =>
        (owners.TryGetValue(part, out var actual) || columnTables.TryGetValue(part, out actual)) && actual == owner;

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

    private void AddPart(string part, string owner)
    {
        owners[part] = owner;
        Add(part, owner);
    }

    private void Add(string dependent, string referenced)
    {
        if (dependent == referenced)
        {
            return;
        }

        List(requires, dependent).Add(referenced);
        List(requiredBy, referenced).Add(dependent);
    }

    private static List<string> List(Dictionary<string, List<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = new List<string>(2);
            map[key] = list;
        }

        return list;
    }
}
