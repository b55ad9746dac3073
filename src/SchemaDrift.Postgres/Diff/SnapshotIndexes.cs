using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// A snapshot's objects grouped by the relation they belong to or refer to, and its dependencies both ways, each
/// grouping made on first use (or all at once, <see cref="Complete"/>): one entry per object, in the snapshot's order.
/// </summary>
internal sealed class SnapshotIndexes(SchemaSnapshot snapshot)
{
    public SchemaSnapshot Snapshot => snapshot;

    private NameMap<DbTable>? tables;
    private NameMap<DbView>? views;
    private NameMap<List<DbTable>>? children;
    private NameMap<List<DbConstraint>>? constraints;
    private NameMap<List<DbConstraint>>? foreignKeys;
    private NameMap<List<DbIndex>>? indexes;
    private Dictionary<string, List<DbIndex>>? indexesByKey;
    private Dictionary<string, List<DbConstraint>>? constraintsByKey;
    private Dictionary<string, List<DbTable>>? tablesByKey;
    private NameMap<List<DbTrigger>>? triggers;
    private NameMap<List<DbPolicy>>? policies;
    private Dictionary<string, List<string>>? dependsOn;
    private Dictionary<string, List<string>>? dependedOnBy;

    /// <summary>Tables by name (the last one listed, when names repeat).</summary>
    public NameMap<DbTable> Tables => tables ??= Single(snapshot.Tables, t => t.Name);

    public NameMap<DbView> Views => views ??= Single(snapshot.Views, v => v.Name);

    /// <summary>Partitions and inheritance children, by parent.</summary>
    public NameMap<List<DbTable>> Children => children ??= Parents();

    /// <summary>Constraints by table.</summary>
    public NameMap<List<DbConstraint>> Constraints => constraints ??= Group(snapshot.Constraints, c => c.Table);

    /// <summary>Foreign keys by the table they reference.</summary>
    public NameMap<List<DbConstraint>> ForeignKeys => foreignKeys ??= Group(
        snapshot.Constraints, c => c.ConstraintKind == ConstraintKind.ForeignKey ? c.ReferencedTable : null);

    /// <summary>Indexes by table (or materialized view).</summary>
    public NameMap<List<DbIndex>> Indexes => indexes ??= Group(snapshot.Indexes, i => i.Table);

    /// <summary>Tables by key.</summary>
    public Dictionary<string, List<DbTable>> TablesByKey => tablesByKey ??= ByKey(snapshot.Tables);

    /// <summary>Constraints by key.</summary>
    public Dictionary<string, List<DbConstraint>> ConstraintsByKey => constraintsByKey ??= ByKey(snapshot.Constraints);

    /// <summary>Indexes by key (schema and index name).</summary>
    public Dictionary<string, List<DbIndex>> IndexesByKey => indexesByKey ??= ByKey(snapshot.Indexes);

    public NameMap<List<DbTrigger>> Triggers => triggers ??= Group(snapshot.Triggers, t => t.Table);

    public NameMap<List<DbPolicy>> Policies => policies ??= Group(snapshot.Policies, p => p.Table);

    /// <summary>pg_depend, by dependent (see <see cref="Depend"/>).</summary>
    public Dictionary<string, List<string>> DependsOn => dependsOn ??= Depend(forward: true);

    /// <summary>pg_depend, by what is depended on.</summary>
    public Dictionary<string, List<string>> DependedOnBy => dependedOnBy ??= Depend(forward: false);

    /// <summary>
    /// Makes every grouping now: from then on nothing is made on use, and comparisons may share these indexes, one
    /// after the other or at the same time. The dependencies both ways (about half of the work) are grouped while the
    /// objects are, on another thread: the last database a diff reads is prepared while the other core has nothing left
    /// to do. Each grouping is made by one thread only, and all are done when this returns.
    /// </summary>
    public SnapshotIndexes Complete()
    {
        TwoAtOnce.Run(
            () => _ = (DependsOn, DependedOnBy),
            () => _ = (Tables, Views, Children, Constraints, ForeignKeys, Indexes, TablesByKey, ConstraintsByKey, IndexesByKey, Triggers, Policies));
        return this;
    }

    /// <summary>
    /// pg_depend's edges one way. A sequence OWNED BY a column is not needed to create it (the column's default
    /// needs the sequence), and a table's own column default or generated expression does not make the table need
    /// its column.
    /// </summary>
    private Dictionary<string, List<string>> Depend(bool forward)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var dependency in snapshot.Dependencies)
        {
            var (dependent, referenced) = (dependency.DependentKey, dependency.ReferencedKey);
            var ownedBy = dependent.StartsWith("sequence:", StringComparison.Ordinal)
                && (referenced.StartsWith("table:", StringComparison.Ordinal) || referenced.StartsWith("column:", StringComparison.Ordinal));
            var ownColumn = dependent.StartsWith("table:", StringComparison.Ordinal)
                && referenced.StartsWith("column:", StringComparison.Ordinal)
                && referenced.Length > dependent.Length + 1
                && referenced.AsSpan("column:".Length).StartsWith(dependent.AsSpan("table:".Length), StringComparison.Ordinal)
                && referenced[dependent.Length + 1] == '.';
            if (ownedBy || ownColumn || dependent == referenced)
            {
                continue;
            }

            var (from, to) = forward ? (dependent, referenced) : (referenced, dependent);
            if (!map.TryGetValue(from, out var list))
            {
                list = new List<string>(1);
                map[from] = list;
            }

            list.Add(to);
        }

        return map;
    }

    private static NameMap<T> Single<T>(ValueList<T> items, Func<T, QualifiedName> name)
        where T : class
    {
        var map = new NameMap<T>();
        foreach (var item in items)
        {
            map[name(item)] = item;
        }

        return map;
    }

    /// <summary>Groups by name; objects of the same relation are usually listed together, so the last group is tried first.</summary>
    private static NameMap<List<T>> Group<T>(ValueList<T> items, Func<T, QualifiedName?> name)
        where T : class
    {
        var map = new NameMap<List<T>>();
        List<T>? last = null;
        QualifiedName lastName = default;
        foreach (var item in items)
        {
            if (name(item) is not { } key)
            {
                continue;
            }

            if (last is null || !string.Equals(key.Name, lastName.Name, StringComparison.Ordinal) || !string.Equals(key.Schema, lastName.Schema, StringComparison.Ordinal))
            {
                if (!map.TryGetValue(key, out last))
                {
                    last = [];
                    map[key] = last;
                }

                lastName = key;
            }

            last.Add(item);
        }

        return map;
    }

    private static Dictionary<string, List<T>> ByKey<T>(ValueList<T> items)
        where T : class, ISchemaObject
    {
        var map = new Dictionary<string, List<T>>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!map.TryGetValue(item.Key, out var list))
            {
                list = new List<T>(1);
                map[item.Key] = list;
            }

            list.Add(item);
        }

        return map;
    }

    private NameMap<List<DbTable>> Parents()
    {
        var map = new NameMap<List<DbTable>>();
        void Add(QualifiedName parent, DbTable child)
        {
            if (!map.TryGetValue(parent, out var list))
            {
                list = [];
                map[parent] = list;
            }

            list.Add(child);
        }

        foreach (var table in snapshot.Tables)
        {
            foreach (var parent in table.Inherits)
            {
                Add(parent, table);
            }

            if (table.PartitionOf is { } partitionOf)
            {
                Add(partitionOf, table);
            }
        }

        return map;
    }
}
