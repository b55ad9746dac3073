using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>How the graph is made from a snapshot: its pg_depend edges, then the structure the model implies.</summary>
internal sealed partial class DependencyGraph
{
    /// <summary>Every object's dependencies, both ways.</summary>
    public static DependencyGraph Build(SchemaSnapshot snapshot) => Build(snapshot, null);

    /// <summary>
    /// What the given objects need, and nothing else: <see cref="Requires"/> and <see cref="IsPart"/> answer for
    /// them only, and <see cref="RequiredBy"/> is not to be asked. The other objects' edges are never made.
    /// </summary>
    public static DependencyGraph NeedsOf(SchemaSnapshot snapshot, IReadOnlySet<string> dependents) => Build(snapshot, dependents);

    private static DependencyGraph Build(SchemaSnapshot snapshot, IReadOnlySet<string>? only)
    {
        var columns = 0;
        foreach (var table in snapshot.Tables)
        {
            columns += table.Columns.Count;
        }

        var graph = only is null
            ? new DependencyGraph(snapshot.Dependencies.Count + snapshot.Tables.Count + snapshot.Constraints.Count + snapshot.Indexes.Count, columns)
            : new DependencyGraph(only.Count * 4, only.Count);
        bool Keep(string dependent) => only is null || only.Contains(dependent);

        // The keys the snapshot already holds, so that building the graph makes no string per edge.
        var tables = new NameMap<DbTable>();
        var relations = new NameMap<string>();
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
            if (!Keep(dependent))
            {
                continue;
            }

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
            if (Keep(schema.Key))
            {
                graph.Add(schema.Key, Schema(schema.Schema));
            }
        }

        foreach (var obj in snapshot.Collations.Cast<ISchemaObject>().Concat(snapshot.Enums).Concat(snapshot.Domains).Concat(snapshot.CompositeTypes)
                     .Concat(snapshot.Sequences).Concat(snapshot.Views).Concat(snapshot.Functions))
        {
            if (Keep(obj.Key))
            {
                graph.Add(obj.Key, Schema(SchemaOf(obj)));
            }
        }

        var anyColumn = only is null || only.Any(k => k.StartsWith("column:", StringComparison.Ordinal));
        foreach (var table in snapshot.Tables)
        {
            var tableKey = table.Key;
            if (Keep(tableKey))
            {
                graph.Add(tableKey, Schema(table.Name.Schema));
                foreach (var parent in table.Inherits)
                {
                    graph.Add(tableKey, "table:" + parent);
                }

                if (table.PartitionOf is { } partitionOf)
                {
                    graph.Add(tableKey, "table:" + partitionOf);
                }
            }

            if (!anyColumn)
            {
                continue;
            }

            foreach (var column in table.Columns)
            {
                var columnKey = column.Key;
                if (!Keep(columnKey))
                {
                    continue;
                }

                graph.columnTables[columnKey] = tableKey;
                if (column.Collation is { } collation && SqlText.ParseQualified(collation) is [var s, var n])
                {
                    graph.Add(columnKey, "collation:" + s + "." + n);
                }
            }
        }

        // The keys a foreign key may rest on, by table: primary keys and unique constraints, then unique indexes.
        var uniqueKeys = new NameMap<List<string>>();
        void Unique(QualifiedName table, string key)
        {
            if (!uniqueKeys.TryGetValue(table, out var list))
            {
                list = [];
                uniqueKeys[table] = list;
            }

            list.Add(key);
        }

        foreach (var constraint in snapshot.Constraints)
        {
            if (constraint.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique)
            {
                Unique(constraint.Table, constraint.Key);
            }
        }

        foreach (var index in snapshot.Indexes)
        {
            if (index.Unique)
            {
                Unique(index.Table, index.Key);
            }
        }

        foreach (var constraint in snapshot.Constraints)
        {
            var key = constraint.Key;
            if (!Keep(key))
            {
                continue;
            }

            graph.AddPart(key, Table(constraint.Table));
            foreach (var column in constraint.Columns)
            {
                graph.Add(key, Column(constraint.Table, column));
            }

            if (constraint.ConstraintKind == ConstraintKind.ForeignKey && constraint.ReferencedTable is { } referenced)
            {
                graph.Add(key, Table(referenced));
                if (uniqueKeys.TryGetValue(referenced, out var unique))
                {
                    foreach (var uniqueKey in unique)
                    {
                        graph.Add(key, uniqueKey);
                    }
                }
            }
        }

        foreach (var index in snapshot.Indexes)
        {
            var key = index.Key;
            if (!Keep(key))
            {
                continue;
            }

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
            if (Keep(trigger.Key))
            {
                graph.AddPart(trigger.Key, Relation(trigger.Table));
            }
        }

        foreach (var policy in snapshot.Policies)
        {
            if (Keep(policy.Key))
            {
                graph.AddPart(policy.Key, Relation(policy.Table));
            }
        }

        foreach (var privilege in snapshot.Privileges)
        {
            if (Keep(privilege.Key))
            {
                graph.Add(privilege.Key, privilege.ObjectKey);
            }
        }

        graph.Freeze();
        return graph;
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
}
