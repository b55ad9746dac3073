using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>How the graph finds the objects behind a key, and what refers to them: indexes made on first use.</summary>
internal sealed partial class DependencyGraph
{
    private readonly SchemaSnapshot snapshot;
    private (Dictionary<string, List<DbPrivilege>> ByKey, Dictionary<string, List<DbPrivilege>> ByObject)? privileges;
    private Dictionary<string, List<string>>? schemasOf;
    private readonly Dictionary<string, string> schemaKeys = new(StringComparer.Ordinal);

    /// <summary>The snapshot's objects by relation and by key.</summary>
    private SnapshotIndexes Indexes { get; }

    /// <summary>pg_depend, by dependent.</summary>
    private Dictionary<string, List<string>> DependsOn => Indexes.DependsOn;

    /// <summary>pg_depend, by what is depended on.</summary>
    private Dictionary<string, List<string>> DependedOnBy => Indexes.DependedOnBy;

    private (Dictionary<string, List<DbPrivilege>> ByKey, Dictionary<string, List<DbPrivilege>> ByObject) Privileges =>
        privileges ??= (Group(snapshot.Privileges, p => p.Key), Group(snapshot.Privileges, p => p.ObjectKey));

    /// <summary>The kind of a key, with its colon: <c>table:</c>.</summary>
    private static ReadOnlySpan<char> Prefix(string key) => key.AsSpan(0, key.IndexOf(':', StringComparison.Ordinal) + 1);

    /// <summary>The key's name (after the colon) cut at one dot, each way it can be: the relations it may name.</summary>
    private static IEnumerable<QualifiedName> Names(string key)
    {
        var name = key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            yield return new QualifiedName(name[..dot], name[(dot + 1)..]);
        }
    }

    /// <summary>The key's name cut at two dots, each way it can be: a relation and the name of a part of it.</summary>
    private static IEnumerable<(QualifiedName Relation, string Part)> NamesAndLast(string key)
    {
        var name = key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
        for (var last = name.IndexOf('.', StringComparison.Ordinal); last >= 0; last = name.IndexOf('.', last + 1))
        {
            var relation = name[..last];
            for (var dot = relation.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = relation.IndexOf('.', dot + 1))
            {
                yield return (new QualifiedName(relation[..dot], relation[(dot + 1)..]), name[(last + 1)..]);
            }
        }
    }

    /// <summary>A name in a list of references (a list of the struct itself would be compiled at run time).</summary>
    private sealed record QualifiedNameBox(QualifiedName Name);

    /// <summary><c>column:</c> and the names: the key of the snapshot's column when it has one.</summary>
    private string ColumnKey(QualifiedName table, string column) =>
        Indexes.Tables.TryGetValue(table, out var owner) && owner.FindColumn(column) is { } found && found.Table == table
            ? found.Key
            : "column:" + table + "." + column;

    /// <summary><c>table:</c> and the name: the table's own key when the snapshot has it.</summary>
    private string TableKey(QualifiedName name) => Indexes.Tables.TryGetValue(name, out var table) ? table.Key : "table:" + name;

    /// <summary>A relation's key: the view's when a view has that name, else the table's.</summary>
    private string RelationKey(QualifiedName name) => Indexes.Views.TryGetValue(name, out var view) ? view.Key : TableKey(name);

    private string SchemaKey(string schema)
    {
        if (!schemaKeys.TryGetValue(schema, out var key))
        {
            key = "schema:" + schema;
            schemaKeys[schema] = key;
        }

        return key;
    }

    private List<DbTable> TablesOf(string key) => Indexes.TablesByKey.GetValueOrDefault(key) ?? [];

    /// <summary>The tables listing a column with that key (none when <paramref name="key"/> is not a column's).</summary>
    public List<DbTable> TablesOfColumn(string key)
    {
        var tables = new List<DbTable>(1);
        if (key.StartsWith("column:", StringComparison.Ordinal))
        {
            foreach (var (table, _) in ColumnsOf(key))
            {
                tables.Add(table);
            }
        }

        return tables;
    }

    /// <summary>The columns with that key, with their tables.</summary>
    private IEnumerable<(DbTable Table, DbColumn Column)> ColumnsOf(string key)
    {
        foreach (var (name, part) in NamesAndLast(key))
        {
            if (Indexes.Tables.TryGetValue(name, out var table))
            {
                foreach (var column in table.Columns)
                {
                    // The column's key is this key (columns make theirs when asked: compared by its parts).
                    if (string.Equals(column.Name, part, StringComparison.Ordinal) && column.Table == name)
                    {
                        yield return (table, column);
                    }
                }
            }
        }
    }

    private List<DbConstraint> ConstraintsOf(string key) => Indexes.ConstraintsByKey.GetValueOrDefault(key) ?? [];

    private List<DbIndex> IndexesOf(string key) => Indexes.IndexesByKey.GetValueOrDefault(key) ?? [];

    private IEnumerable<T> PartsOf<T>(string key, NameMap<List<T>> byTable, Func<T, string> keyOf)
        where T : class
    {
        foreach (var (table, _) in NamesAndLast(key))
        {
            foreach (var part in byTable.GetValueOrDefault(table) ?? [])
            {
                if (keyOf(part) == key)
                {
                    yield return part;
                }
            }
        }
    }

    /// <summary>The table of a column, when <paramref name="key"/> is one (the last table listing it).</summary>
    private string? ColumnOwner(string key)
    {
        if (!key.StartsWith("column:", StringComparison.Ordinal))
        {
            return null;
        }

        return Last(TablesOfColumn(key), snapshot.Tables)?.Key;
    }

    /// <summary>The table or view of a constraint, index, trigger or policy, when <paramref name="key"/> is one.</summary>
    private string? PartOwner(string key) => Prefix(key) switch
    {
        "constraint:" => Last(ConstraintsOf(key), snapshot.Constraints) is { } constraint ? TableKey(constraint.Table) : null,
        "index:" => Last(IndexesOf(key), snapshot.Indexes) is { } index ? RelationKey(index.Table) : null,
        "trigger:" => Last(PartsOf(key, Indexes.Triggers, t => t.Key), snapshot.Triggers) is { } trigger ? RelationKey(trigger.Table) : null,
        "policy:" => Last(PartsOf(key, Indexes.Policies, p => p.Key), snapshot.Policies) is { } policy ? RelationKey(policy.Table) : null,
        _ => null,
    };

    /// <summary>Of objects sharing a key, the one the snapshot lists last (whose entry a map of keys would keep).</summary>
    private static T? Last<T>(IEnumerable<T> found, ValueList<T> listed)
        where T : class
    {
        var all = found as IReadOnlyList<T> ?? found.ToList();
        if (all.Count <= 1)
        {
            return all.Count == 0 ? null : all[0];
        }

        var (last, position) = (all[0], -1);
        foreach (var item in all)
        {
            var at = listed.Items.IndexOf(item, 0, listed.Count, ReferenceEqualityComparer.Instance);
            if (at > position)
            {
                (last, position) = (item, at);
            }
        }

        return last;
    }

    /// <summary>Adds the keys a foreign key to <paramref name="table"/> rests on: primary keys and unique constraints, then unique indexes.</summary>
    private void UniqueKeys(QualifiedName table, List<string> result, string key)
    {
        foreach (var constraint in Indexes.Constraints.GetValueOrDefault(table) ?? [])
        {
            if (constraint.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique)
            {
                Add(result, key, constraint.Key);
            }
        }

        foreach (var index in Indexes.Indexes.GetValueOrDefault(table) ?? [])
        {
            if (index.Unique)
            {
                Add(result, key, index.Key);
            }
        }
    }

    /// <summary>The tables whose foreign keys rest on the key <paramref name="key"/>, when it is a primary key, unique constraint or unique index.</summary>
    private List<QualifiedNameBox> UniqueKeyTables(string key)
    {
        var tables = new List<QualifiedNameBox>();
        if (key.StartsWith("index:", StringComparison.Ordinal))
        {
            foreach (var index in IndexesOf(key))
            {
                if (index.Unique)
                {
                    tables.Add(new(index.Table));
                }
            }
        }
        else
        {
            foreach (var constraint in ConstraintsOf(key))
            {
                if (constraint.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique)
                {
                    tables.Add(new(constraint.Table));
                }
            }
        }

        return tables;
    }

    /// <summary>The schemas of the extensions, collations, types, sequences, views and routines with that key.</summary>
    private List<string> SchemasOf(string key)
    {
        if (schemasOf is null)
        {
            schemasOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            void Add(string objectKey, string schema)
            {
                if (!schemasOf.TryGetValue(objectKey, out var list))
                {
                    list = new List<string>(1);
                    schemasOf[objectKey] = list;
                }

                list.Add(schema);
            }

            foreach (var extension in snapshot.Extensions)
            {
                Add(extension.Key, extension.Schema);
            }

            foreach (var obj in snapshot.Collations.Cast<ISchemaObject>().Concat(snapshot.Enums).Concat(snapshot.Domains).Concat(snapshot.CompositeTypes).Concat(snapshot.RangeTypes)
                         .Concat(snapshot.Sequences).Concat(snapshot.Views).Concat(snapshot.Functions))
            {
                Add(obj.Key, SchemaOf(obj));
            }
        }

        return schemasOf.GetValueOrDefault(key) ?? [];
    }

    private static string SchemaOf(ISchemaObject obj) => obj switch
    {
        DbCollation c => c.Name.Schema,
        DbEnum e => e.Name.Schema,
        DbDomain d => d.Name.Schema,
        DbCompositeType t => t.Name.Schema,
        DbRangeType r => r.Name.Schema,
        DbSequence s => s.Name.Schema,
        DbView v => v.Name.Schema,
        DbFunction f => f.Name.Schema,
        _ => throw new ArgumentOutOfRangeException(nameof(obj), obj.Kind, "Not a schema-qualified object."),
    };

    /// <summary>The keys of the objects in a schema: extensions, collations, types, sequences, views, routines and tables.</summary>
    private IEnumerable<string> InSchema(string schema) =>
        snapshot.Extensions.Where(e => e.Schema == schema).Select(e => e.Key)
            .Concat(snapshot.Collations.Where(c => c.Name.Schema == schema).Select(c => c.Key))
            .Concat(snapshot.Enums.Where(e => e.Name.Schema == schema).Select(e => e.Key))
            .Concat(snapshot.Domains.Where(d => d.Name.Schema == schema).Select(d => d.Key))
            .Concat(snapshot.CompositeTypes.Where(t => t.Name.Schema == schema).Select(t => t.Key))
            .Concat(snapshot.RangeTypes.Where(r => r.Name.Schema == schema).Select(r => r.Key))
            .Concat(snapshot.Sequences.Where(s => s.Name.Schema == schema).Select(s => s.Key))
            .Concat(snapshot.Views.Where(v => v.Name.Schema == schema).Select(v => v.Key))
            .Concat(snapshot.Functions.Where(f => f.Name.Schema == schema).Select(f => f.Key))
            .Concat(snapshot.Tables.Where(t => t.Name.Schema == schema).Select(t => t.Key));

    private static Dictionary<string, List<T>> Group<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var map = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!map.TryGetValue(key(item), out var list))
            {
                list = [];
                map[key(item)] = list;
            }

            list.Add(item);
        }

        return map;
    }
}
