using System.Runtime.InteropServices;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Tables and views with their columns, and what hangs off tables: constraints, indexes, triggers, policies.</summary>
internal sealed class RelationMapper
{
    private readonly CatalogRows rows;
    private readonly Func<string, bool> keep;
    private readonly ColumnRow[] orderedColumns;
    private readonly Dictionary<uint, (int Start, int Count)> columnRanges;
    private readonly ILookup<uint, ParentRow> parents;
    private readonly HashSet<uint> kept;
    private readonly Dictionary<uint, List<(string Name, IndexSettingsRow Settings)>> indexFlags = [];

    private readonly bool filtering;
    // Every relation's name, made before anything is built: the builds of tables and views, and of what hangs off
    // tables, run at the same time (SnapshotBuilder) and only read it. Apart from it, each writes only the keys of its
    // own kinds below (tables and views: relationKeys, columnsByNumber; the others: their own), and none reads
    // another's until both are done.
    private readonly Dictionary<uint, QualifiedName> names;

    // The keys of the objects built, by oid (per catalog: oids are unique within one), and of each table's columns by
    // number: what pg_depend rows name is looked up here instead of keys being formatted again. Sized for every row
    // read, so that none of them grows (and copies itself) on the way.
    private readonly Dictionary<uint, string> relationKeys;
    private readonly Dictionary<uint, DbColumn?[]> columnsByNumber;
    private readonly Dictionary<(uint Relation, int Number), string> columnKeys = [];
    private readonly Dictionary<uint, string> constraintKeys;
    private readonly Dictionary<uint, string> indexKeys;
    private readonly Dictionary<uint, string> triggerKeys;
    private readonly Dictionary<uint, string> policyKeys;

    public RelationMapper(CatalogRows rows, Func<string, bool> keep, bool filtering = true)
    {
        this.filtering = filtering;
        this.rows = rows;
        this.keep = keep;
        relationKeys = new(rows.Relations.Count);
        columnsByNumber = new(rows.Relations.Count);
        constraintKeys = new(rows.Constraints.Count);
        indexKeys = new(rows.Indexes.Count);
        triggerKeys = new(rows.Triggers.Count);
        policyKeys = new(rows.Policies.Count);
        Relations = rows.Relations.ToDictionary(r => r.Oid);
        names = new(Relations.Count);
        foreach (var (oid, relation) in Relations)
        {
            names[oid] = Name(relation);
        }

        (orderedColumns, columnRanges) = GroupColumns(rows.Columns, rows.Relations.Count);
        Columns = rows.ColumnIndex();
        parents = rows.Parents.OrderBy(p => p.Sequence).ToLookup(p => p.ChildOid);
        kept = rows.Relations.Where(r => keep(r.Schema + "." + r.Name)).Select(r => r.Oid).ToHashSet();
        var flagged = rows.Indexes.Where(i => i.Settings.Clustered || i.Settings.ReplicaIdentity).Select(i => (i.RelationOid, i.Name, i.Settings))
            .Concat(rows.Constraints.Where(c => c.Index is { Clustered: true } or { ReplicaIdentity: true }).Select(c => (c.RelationOid, c.Name, c.Index!)));
        foreach (var (relation, name, settings) in flagged)
        {
            if (!indexFlags.TryGetValue(relation, out var list))
            {
                indexFlags[relation] = list = [];
            }

            list.Add((name, settings));
        }
    }

    /// <summary>Every relation read, by oid (filtered or not).</summary>
    public Dictionary<uint, RelationRow> Relations { get; }

    /// <summary>Every column read, by relation and number.</summary>
    public Dictionary<(uint Relation, short Number), ColumnRow> Columns { get; }

    public IEnumerable<DbTable> Tables() => Relations.Values
        .Where(r => r.Kind is 'r' or 'p' && kept.Contains(r.Oid))
        .Select(Table);

    public IEnumerable<DbView> Views() => Relations.Values
        .Where(r => r.Kind is 'v' or 'm' && kept.Contains(r.Oid))
        .Select(r => Built(relationKeys, r.Oid, new DbView(
            Name(r),
            r.Kind == 'm',
            r.ViewDefinition ?? string.Empty,
            List(r.Options),
            ColumnRowsOf(r.Oid).Select(c => r.Kind == 'm'
                ? new DbViewColumn(c.Name, c.DataType, c.Comment, c.Statistics, StorageName(c.Storage), Compression(c.Compression), List(c.Options), StorageName(c.TypeStorage))
                : new DbViewColumn(c.Name, c.DataType, c.Comment)).ToValueList(),
            r.Comment,
            r.Kind == 'm' ? IndexNamed(r.Oid, s => s.Clustered) : null)));

    public IEnumerable<DbConstraint> Constraints() => rows.Constraints
        .Where(c => IsKeptTable(c.RelationOid))
        .Select(c => (c.Oid, Constraint: new DbConstraint(
            TableName(c.RelationOid),
            c.Name,
            c.Kind switch
            {
                'p' => ConstraintKind.PrimaryKey,
                'u' => ConstraintKind.Unique,
                'f' => ConstraintKind.ForeignKey,
                'c' => ConstraintKind.Check,
                _ => ConstraintKind.Exclusion,
            },
            c.Definition ?? throw new InvalidOperationException($"Constraint {c.Name} has no definition."),
            c.Validated,
            c.Deferrable,
            c.Deferred,
            ColumnNames(c.RelationOid, c.Columns),
            c.ReferencedName is null ? null : new QualifiedName(c.ReferencedSchema!, c.ReferencedName),
            c.Comment,
            c.Index is null ? null : Settings(c.Index, c.IndexComment, plain: false),
            Parent(c.ParentIndex))))
        .Where(c => !filtering || keep(c.Constraint.DisplayName))
        .Select(c => Built(constraintKeys, c.Oid, c.Constraint));

    /// <summary>Indexes of kept tables and materialized views.</summary>
    public IEnumerable<DbIndex> Indexes() => rows.Indexes
        .Where(i => kept.Contains(i.RelationOid))
        .Select(i => (i.Oid, Index: new DbIndex(
            TableName(i.RelationOid), i.Name, i.Definition ?? throw new InvalidOperationException($"Index {i.Name} has no definition."), i.Unique, i.Valid, ColumnNames(i.RelationOid, i.Columns), i.Comment,
            Settings(i.Settings, null, plain: true), Parent(i.ParentIndex))))
        .Where(i => !filtering || keep(i.Index.DisplayName))
        .Select(i => Built(indexKeys, i.Oid, i.Index));

    public IEnumerable<DbTrigger> Triggers() => rows.Triggers
        .Where(t => kept.Contains(t.RelationOid))
        // A clone whose parent's table the read left out (another schema) stays a clone, under an empty name: no
        // statement of the script is filed under its parent's trigger then.
        .Select(t => (t.Oid, Trigger: new DbTrigger(
            TableName(t.RelationOid), t.Name, t.Definition, t.Enabled, t.Comment,
            t.ClonedFromOid is { } parent ? names.GetValueOrDefault(parent, new QualifiedName(string.Empty, string.Empty)) : null)))
        .Where(t => !filtering || keep(t.Trigger.DisplayName))
        .Select(t => Built(triggerKeys, t.Oid, t.Trigger));

    public IEnumerable<DbPolicy> Policies() => rows.Policies
        .Where(p => IsKeptTable(p.RelationOid))
        .Select(p => (p.Oid, Policy: new DbPolicy(
            TableName(p.RelationOid),
            p.Name,
            p.Command switch { 'r' => "SELECT", 'a' => "INSERT", 'w' => "UPDATE", 'd' => "DELETE", _ => "ALL" },
            p.Permissive,
            SortedList(p.Roles),
            p.Using,
            p.WithCheck,
            p.Comment)))
        .Where(p => !filtering || keep(p.Policy.DisplayName))
        .Select(p => Built(policyKeys, p.Oid, p.Policy));

    /// <summary>Virtual generated columns of kept tables, which the model cannot hold: counted as not compared.</summary>
    public NotComparedKind? VirtualColumns()
    {
        var names = rows.Columns
            .Where(c => c.GeneratedKind == 'v' && IsKeptTable(c.RelationOid))
            .Select(c => $"{Relations[c.RelationOid].Schema}.{Relations[c.RelationOid].Name}.{c.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? null : new NotComparedKind("virtual generated columns", names.Count, names.Take(3).ToValueList());
    }

    public static QualifiedName Name(RelationRow r) => new(r.Schema, r.Name);

    /// <summary>The key of the table or view built for this relation oid (null: none was, e.g. left out by a pattern).</summary>
    public string? RelationKey(uint oid) => relationKeys.GetValueOrDefault(oid);

    /// <summary>The key of the column built for this table's column number (null: none was).</summary>
    public string? ColumnKey(uint relation, int number)
    {
        if (!columnsByNumber.TryGetValue(relation, out var columns) || number <= 0 || number >= columns.Length || columns[number] is not { } column)
        {
            return null;
        }

        // Columns do not keep their keys: one instance per column named here, whatever names it again.
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(columnKeys, (relation, number), out _);
        return key ??= column.Key;
    }

    public string? ConstraintKey(uint oid) => constraintKeys.GetValueOrDefault(oid);

    public string? IndexKey(uint oid) => indexKeys.GetValueOrDefault(oid);

    public string? TriggerKey(uint oid) => triggerKeys.GetValueOrDefault(oid);

    public string? PolicyKey(uint oid) => policyKeys.GetValueOrDefault(oid);

    private static T Built<T>(Dictionary<uint, string> keys, uint oid, T built)
        where T : ISchemaObject
    {
        keys[oid] = built.Key;
        return built;
    }

    /// <summary>The name of a relation read, one instance shared by all its columns, constraints, indexes and so on.</summary>
    private QualifiedName TableName(uint oid) => names[oid];

    public bool TryGetColumnName(uint relation, int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        name = Columns.TryGetValue((relation, (short)number), out var column) ? column.Name : null;
        return name is not null;
    }

    /// <summary>Column names for column numbers; an expression (number 0) or an unknown number gives "".</summary>
    public ValueList<string> ColumnNames(uint relation, short[] numbers)
    {
        var names = new string[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            names[i] = numbers[i] > 0 && Columns.TryGetValue((relation, numbers[i]), out var column) ? column.Name : string.Empty;
        }

        return new ValueList<string>(ImmutableCollectionsMarshal.AsImmutableArray(names));
    }

    private bool IsKeptTable(uint oid) => kept.Contains(oid) && Relations[oid].Kind is 'r' or 'p';

    private DbTable Table(RelationRow r)
    {
        var name = TableName(r.Oid);
        var parentNames = parents[r.Oid].Select(p => new QualifiedName(p.Schema, p.Name)).ToList();
        return Built(relationKeys, r.Oid, new DbTable(
            name,
            r.Kind == 'p' ? TableKind.Partitioned : TableKind.Regular,
            r.Persistence == 'u',
            r.PartitionKey,
            r.IsPartition && parentNames.Count > 0 ? parentNames[0] : null,
            r.PartitionBound,
            (r.IsPartition ? [] : parentNames).ToValueList(),
            r.ToastOptions.Length == 0 ? List(r.Options) : List([.. r.Options, .. r.ToastOptions.Select(o => "toast." + o)]),
            r.RowSecurity,
            r.ForceRowSecurity,
            ColumnsOf(name, r),
            r.Comment,
            r.ReplicaIdentity switch { 'f' => "full", 'n' => "nothing", 'i' => "index", _ => null },
            r.ReplicaIdentity == 'i' ? IndexNamed(r.Oid, s => s.ReplicaIdentity) : null,
            IndexNamed(r.Oid, s => s.Clustered),
            r.AccessMethod,
            r.Tablespace));
    }

    /// <summary>
    /// The relation's columns, without those the patterns leave out (names are only built when there are patterns);
    /// records each column by its number.
    /// </summary>
    private ValueList<DbColumn> ColumnsOf(QualifiedName name, RelationRow r)
    {
        // The columns go straight into an array of their number, trimmed only when patterns leave some out.
        var rowsOf = ColumnRowsOf(r.Oid);
        var columns = new DbColumn[rowsOf.Count];
        var placed = 0;
        DbColumn?[]? byNumber = null;
        foreach (var row in rowsOf)
        {
            var column = Column(name, row, r.IsPartition);
            if (filtering && !keep(column.DisplayName))
            {
                continue;
            }

            columns[placed++] = column;
            if (row.Number > 0)
            {
                // Rows come in column order: the last number is the largest.
                byNumber ??= new DbColumn?[rowsOf[^1].Number + 1];
                byNumber[row.Number] = column;
            }
        }

        if (byNumber is not null)
        {
            columnsByNumber[r.Oid] = byNumber;
        }

        if (placed < columns.Length)
        {
            Array.Resize(ref columns, placed);
        }

        return new ValueList<DbColumn>(ImmutableCollectionsMarshal.AsImmutableArray(columns));
    }

    /// <summary>A relation's column rows, in the order read (none for a relation without columns).</summary>
    private ArraySegment<ColumnRow> ColumnRowsOf(uint relation) =>
        columnRanges.TryGetValue(relation, out var range) ? new(orderedColumns, range.Start, range.Count) : ArraySegment<ColumnRow>.Empty;

    /// <summary>
    /// The column rows in one array, each relation's in a range of its own, in the order read: counted per relation,
    /// then placed (a lookup grew an array per relation, doubling as it filled).
    /// </summary>
    private static (ColumnRow[] Ordered, Dictionary<uint, (int Start, int Count)> Ranges) GroupColumns(List<ColumnRow> columns, int relations)
    {
        var ranges = new Dictionary<uint, (int Start, int Count)>(relations);
        foreach (var column in columns)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(ranges, column.RelationOid, out _).Count++;
        }

        // Each range starts empty at its place and grows as its rows are placed, back to its count.
        var start = 0;
        foreach (var relation in ranges.Keys)
        {
            ref var range = ref CollectionsMarshal.GetValueRefOrNullRef(ranges, relation);
            var count = range.Count;
            range = (start, 0);
            start += count;
        }

        var ordered = new ColumnRow[columns.Count];
        foreach (var column in columns)
        {
            ref var range = ref CollectionsMarshal.GetValueRefOrNullRef(ranges, column.RelationOid);
            ordered[range.Start + range.Count++] = column;
        }

        return (ordered, ranges);
    }

    /// <summary>The index (or key) of the relation whose settings say so: its CLUSTER or REPLICA IDENTITY index.</summary>
    private string? IndexNamed(uint relation, Func<IndexSettingsRow, bool> flag) =>
        indexFlags.TryGetValue(relation, out var list) ? list.FirstOrDefault(x => flag(x.Settings)).Name : null;

    private static DbIndexSettings Settings(IndexSettingsRow? s, string? comment, bool plain) => s is null
        ? DbIndexSettings.None with { Comment = comment }
        : new DbIndexSettings(
            plain ? ValueList<string>.Empty : List(s.Options),
            s.Tablespace,
            List(s.ColumnStatistics),
            comment);

    private static QualifiedName? Parent(string[] parent) => parent is [var schema, var name] ? new QualifiedName(schema, name) : null;

    /// <summary>A partition's columns are always its parent's, whether it was created as a partition or attached.</summary>
    private static DbColumn Column(QualifiedName table, ColumnRow c, bool partition) => new(
        table,
        c.Name,
        c.DataType,
        c.NotNull,
        c.Default,
        c.Identity switch { 'a' => IdentityKind.Always, 'd' => IdentityKind.ByDefault, _ => IdentityKind.None },
        c.IdentitySequence is { } s ? new DbIdentityOptions(s.DataType, s.Start, s.Increment, s.Min, s.Max, s.Cache, s.Cycle) : null,
        c.Generated,
        c.Collation,
        !c.IsLocal || partition,
        c.Comment,
        c.Statistics,
        StorageName(c.Storage),
        Compression(c.Compression),
        List(c.Options),
        StorageName(c.TypeStorage));

    /// <summary>
    /// The texts as a list in the catalog's order. Options keep it: the server keeps them in the order they were set,
    /// and pg_dump prints them in it, so options in another order are a difference, and a script sets them in order.
    /// </summary>
    private static ValueList<string> List(string[] items) => SortedList(items, sort: false);

    /// <summary>The texts as a list, sorted ordinally (the empty list shared: most objects have no options).</summary>
    private static ValueList<string> SortedList(string[] items, bool sort = true)
    {
        if (items.Length == 0)
        {
            return ValueList<string>.Empty;
        }

        var copy = (string[])items.Clone();
        if (sort)
        {
            Array.Sort(copy, StringComparer.Ordinal);
        }

        return new ValueList<string>(ImmutableCollectionsMarshal.AsImmutableArray(copy));
    }

    private static string? Compression(string? method) => method switch { "p" => "pglz", "l" => "lz4", _ => method };

    private static string? StorageName(char storage) => storage switch { 'p' => "plain", 'e' => "external", 'm' => "main", 'x' => "extended", _ => null };
}
