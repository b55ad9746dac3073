using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// One comparison in progress: both snapshots with their dependency graphs, what the analysis decided about
/// objects' fates (created, dropped, re-created, re-typed), and the changes and statements found so far.
/// </summary>
internal sealed class DiffContext
{
    private readonly List<ChangeBuilder> changes = [];
    private readonly List<PlannedStatement> statements = [];
    private readonly List<SequencePositionRequest> unknownPositions = [];
    private Dictionary<string, long>? positions;
    private HashSet<string>? castSet;
    private HashSet<string>? enumNames;
    private readonly NameMap<string> fromRelationKeys;
    private readonly NameMap<string> toRelationKeys;
    private readonly Lazy<ILookup<QualifiedName, DbConstraint>> fromConstraints;

    /// <param name="fromIndexes">The source's lookups, made on use or ahead (<see cref="PreparedSnapshot"/>).</param>
    public DiffContext(SnapshotIndexes fromIndexes, SnapshotIndexes toIndexes, DiffOptions options)
    {
        var (from, to) = (fromIndexes.Snapshot, toIndexes.Snapshot);
        From = from;
        To = to;
        Options = options;
        FromIndexes = fromIndexes;
        ToIndexes = toIndexes;
        FromGraph = new DependencyGraph(FromIndexes);
        ToGraph = new DependencyGraph(ToIndexes);
        (FromTables, FromViews, fromRelationKeys) = Relations(from);
        (ToTables, ToViews, toRelationKeys) = Relations(to);
        fromConstraints = new Lazy<ILookup<QualifiedName, DbConstraint>>(() => from.Constraints.ToLookup(c => c.Table));
        SameTables = new HashSet<string>(from.Tables.Count, StringComparer.Ordinal);
    }

    public SchemaSnapshot From { get; }

    public SchemaSnapshot To { get; }

    public DiffOptions Options { get; }

    /// <summary>The source's dependencies (looked up as they are asked for).</summary>
    public DependencyGraph FromGraph { get; }

    public DependencyGraph ToGraph { get; }

    /// <summary>The source's objects by relation and by key (each grouping made on first use).</summary>
    public SnapshotIndexes FromIndexes { get; }

    public SnapshotIndexes ToIndexes { get; }

    public NameMap<DbTable> FromTables { get; }

    public NameMap<DbTable> ToTables { get; }

    /// <summary>
    /// Whether a key of the table (as the target has it) is a partitioned index whose storage parameters differ
    /// between the two sides. No ALTER INDEX sets a partitioned index's parameters: the key takes them only when it is
    /// added (ADD CONSTRAINT ... WITH), so a change of them drops and adds the key again.
    /// </summary>
    public bool KeyOptionsFixed(DbConstraint from, DbConstraint to) =>
        PartitionedInTarget(to.Table) && (from.Index?.Options ?? ValueList<string>.Empty) != (to.Index?.Options ?? ValueList<string>.Empty);

    /// <summary>Whether the target's table is partitioned (its indexes and keys are partitioned indexes).</summary>
    public bool PartitionedInTarget(QualifiedName table) =>
        ToTables.TryGetValue(table, out var found) && found.TableKind == TableKind.Partitioned;

    public NameMap<DbView> FromViews { get; }

    public NameMap<DbView> ToViews { get; }

    /// <summary>The source's constraints by table (made on first use: only dropped tables need them).</summary>
    public ILookup<QualifiedName, DbConstraint> FromConstraints => fromConstraints.Value;

    /// <summary>Relations (tables, views) of the target created or re-created: their indexes, constraints,
    /// triggers, policies and comments are created as part of that change.</summary>
    public Dictionary<string, CreatedRelation> NewRelations { get; } = new(StringComparer.Ordinal);

    /// <summary>Relations of the source dropped or re-created: their parts go with them.</summary>
    public HashSet<string> GoneRelations { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Tables present in both snapshots, not re-created, that are the same on both sides (by key): most of the
    /// source's, so the set is sized for all of them.
    /// </summary>
    public HashSet<string> SameTables { get; }

    /// <summary>Tables dropped and created again (partitioning changed), with the relations that follow them.</summary>
    public HashSet<string> RecreatedTables { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects present in both snapshots that must be dropped and created again because something they
    /// depend on is replaced or re-typed; the value is the key of the object whose change causes it.</summary>
    public Dictionary<string, string> Recreate { get; } = new(StringComparer.Ordinal);

    /// <summary>Columns whose type must be converted (their type changes, or their enum or domain is re-created).</summary>
    public Dictionary<string, Retype> Retyped { get; } = new(StringComparer.Ordinal);

    /// <summary>Enums and domains re-created under their name (rename, create, convert columns, drop the old one).</summary>
    public HashSet<string> ReplacedTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Tables whose primary key, unique constraints or unique indexes are dropped or changed (with one of those keys).</summary>
    public NameMap<string> ChangingKeys { get; } = new();

    /// <summary>
    /// Whether <paramref name="table"/> moves from parents to new ones keeping every column it inherits as it is
    /// (inherited, its own, or gone where it inherits it only from a parent it leaves; else unchanged): it then inherits
    /// the new parents before it leaves the old ones (<see cref="Phase.LateDetach"/>).
    /// </summary>
    public bool MovesLate(QualifiedName table) => LateMoves().Children.Contains(table);

    /// <summary>
    /// The NO INHERIT statements (by key) of the tables that <see cref="MovesLate"/> away from <paramref name="parent"/>:
    /// what the parent drops waits for them. Empty when none leaves it so.
    /// </summary>
    public IReadOnlyList<string> LeftLateBy(QualifiedName parent) =>
        LateMoves().Parents.TryGetValue(parent, out var detaches) ? detaches : [];

    private (HashSet<QualifiedName> Children, NameMap<List<string>> Parents) LateMoves()
    {
        if (lateMoves is null)
        {
            var children = new HashSet<QualifiedName>();
            var parents = new NameMap<List<string>>();
            foreach (var from in From.Tables)
            {
                if (from.Inherits.Count == 0 || !ToTables.TryGetValue(from.Name, out var to) || to.Inherits.Count == 0)
                {
                    continue;
                }

                var left = from.Inherits.Where(p => !DiffAnalysis.Contains(to.Inherits.Items.AsSpan(), p)).ToList();
                var joined = to.Inherits.Any(p => !DiffAnalysis.Contains(from.Inherits.Items.AsSpan(), p));
                // A column it inherits only from a parent it leaves becomes its own then, as is: so it may be its own in
                // the target, or go (dropped once the table left, ColumnComparer).
                var keeps = from.Columns.All(c => !c.Inherited || to.FindColumn(c.Name) is not { } kept || SchemaEquality.Same(c, kept with { Inherited = true }));
                if (left.Count > 0 && joined && keeps)
                {
                    children.Add(from.Name);
                    foreach (var parent in left)
                    {
                        if (!parents.TryGetValue(parent, out var detaches))
                        {
                            parents[parent] = detaches = [];
                        }

                        detaches.Add(DetachKey(to));
                    }
                }
            }

            lateMoves = (children, parents);
        }

        return lateMoves.Value;
    }

    private (HashSet<QualifiedName> Children, NameMap<List<string>> Parents)? lateMoves;

    /// <summary>The columns parents gain only once tables joining them did (planned on first use, after the analysis).</summary>
    public InheritedColumns Joins => joins ??= InheritedColumns.Plan(this);

    private InheritedColumns? joins;

    /// <summary>The key NO INHERIT and DETACH PARTITION of <paramref name="table"/> are filed under.</summary>
    public static string DetachKey(DbTable table) => table.Key + "#detach";

    /// <summary>
    /// Whether the script detaches the partition <paramref name="table"/> from its parent for good (it stays, as a
    /// table of its own or a partition of another parent): its indexes and keys attached to the parent's stay on it,
    /// as its own.
    /// </summary>
    public bool LeavesParent(QualifiedName table) =>
        FromTables.TryGetValue(table, out var from) && from.PartitionOf is { } parent
        && ToTables.TryGetValue(table, out var to) && to.PartitionOf != parent && !RecreatedTables.Contains(from.Key);

    /// <summary>
    /// Whether a partition's index or key attached to <paramref name="parentIndex"/> in the source stays on it as its
    /// own: the script detaches the partition for good, and keeps the parent's index or key (one the script drops
    /// takes the partition's with it, before the partition is detached).
    /// </summary>
    public bool KeepsAfterDetach(QualifiedName table, QualifiedName? parentIndex)
    {
        if (parentIndex is not { } parent || !LeavesParent(table))
        {
            return false;
        }

        var key = "index:" + parent.Schema + "." + parent.Name;
        if (FromIndexes.IndexesByKey.TryGetValue(key, out var fromIndex))
        {
            return ToIndexes.IndexesByKey.TryGetValue(key, out var toIndex) && toIndex[^1].Definition == fromIndex[^1].Definition && !Recreate.ContainsKey(key);
        }

        var fromKey = From.Constraints.FirstOrDefault(c => c.IndexKey == key);
        var toKey = fromKey is null ? null : To.Constraints.FirstOrDefault(c => c.Key == fromKey.Key);
        return toKey is not null && toKey.Definition == fromKey!.Definition && !Recreate.ContainsKey(fromKey.Key);
    }

    /// <summary>
    /// Whether a partition's index or key the target attaches to its parent's is one the source has on the table
    /// unattached, alike, and the script attaches the table: ATTACH PARTITION attaches it, so it is kept.
    /// </summary>
    public bool KeptThroughAttach(ISchemaObject target) => target switch
    {
        DbIndex { ParentIndex: not null } index => Attaches(index.Table)
            && FromIndexes.IndexesByKey.TryGetValue(index.Key, out var found) && found[^1] is { ParentIndex: null } source && source.Definition == index.Definition,
        DbConstraint { ParentIndex: not null } key => Attaches(key.Table)
            && FromIndexes.ConstraintsByKey.TryGetValue(key.Key, out var found) && found[^1] is { ParentIndex: null } source && source.Definition == key.Definition,
        _ => false,
    };

    /// <summary>Whether the script attaches <paramref name="table"/>, which it keeps, as a partition of a parent it was not a partition of.</summary>
    public bool Attaches(QualifiedName table) =>
        FromTables.TryGetValue(table, out var from) && ToTables.TryGetValue(table, out var to)
        && to.PartitionOf is { } parent && from.PartitionOf != parent && !RecreatedTables.Contains(from.Key);

    /// <summary>Columns of the source that disappear (dropped, dropped to be added again, or with their table).</summary>
    public HashSet<string> DroppedColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>ALTER TYPE ... ADD VALUE statements (by sequence) and how the script would use the new value
    /// (<c>'label'::schema.type</c>): used in the same transaction, they must run outside it.</summary>
    public Dictionary<int, string> NewEnumValues { get; } = [];

    /// <summary>Keys of the indexes (and keys' indexes, <see cref="DbConstraint.IndexKey"/>) the script creates.</summary>
    public HashSet<string> CreatedIndexes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A parent's check constraint (by key) that tables joining the parent lack: it is added once they joined (the
    /// server lets a table join only a parent whose checks it has), and reaches them from the parent. The value holds
    /// the keys of the joining tables (their INHERIT statements are filed under them).
    /// </summary>
    public Dictionary<string, List<string>> ChecksAfterJoin { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys of the indexes (and keys' indexes) of the source the script drops.</summary>
    public HashSet<string> DroppedIndexes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ChangeBuilder> Changes => changes;

    /// <summary>Columns whose type changes to one their values cannot be converted to: dropped and added again.</summary>
    public HashSet<string> NoCast { get; } = new(StringComparer.Ordinal);

    /// <summary>The casts of the database the script runs on (see <see cref="SchemaSnapshot.Casts"/>).</summary>
    public HashSet<string> CastSet => castSet ??= From.Casts.ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a column's values convert between two types (see <see cref="Casts"/>), by <c>from\0to</c>.</summary>
    public Dictionary<string, bool> ConvertibleTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Enums of both snapshots, as SQL names.</summary>
    public HashSet<string> EnumNames => enumNames ??= From.Enums.Concat(To.Enums).Select(e => e.Name.Sql).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// RESTART WITH a value of the new range when the source's sequence (or identity column: <paramref name="column"/>
    /// of the table <paramref name="relation"/>) stands outside the range <paramref name="to"/> the target gives it
    /// instead of <paramref name="from"/>: below a raised MINVALUE or above a lowered MAXVALUE, where ALTER SEQUENCE
    /// would fail; it moves to the nearest end of the new range. Null when it stands inside, or when the source's
    /// snapshot does not hold where it stands (then listed in <see cref="UnknownPositions"/>).
    /// </summary>
    public string? Restart(string key, QualifiedName relation, string? column, (long Min, long Max) from, (long Min, long Max) to)
    {
        // A sequence stands inside its range: one that does not narrow keeps it inside.
        if (to.Min <= from.Min && to.Max >= from.Max)
        {
            return null;
        }

        positions ??= From.SequencePositions.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!positions.TryGetValue(key, out var position))
        {
            unknownPositions.Add(new SequencePositionRequest(key, relation, column));
            return null;
        }

        var value = position < to.Min ? to.Min : position > to.Max ? to.Max : (long?)null;
        return value is null ? null : "RESTART WITH " + value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The sequences <see cref="Restart"/> was asked about whose position the source's snapshot does not hold.</summary>
    public IReadOnlyList<SequencePositionRequest> UnknownPositions => unknownPositions;

    public IReadOnlyList<PlannedStatement> Statements => statements;

    /// <summary>The key of the source's relation of that name: its view's, else its table's (<c>table:</c> when it has neither).</summary>
    public string FromRelationKey(QualifiedName name) => fromRelationKeys.TryGetValue(name, out var key) ? key : "table:" + name;

    public string ToRelationKey(QualifiedName name) => toRelationKeys.TryGetValue(name, out var key) ? key : "table:" + name;

    public bool IsGone(QualifiedName relation) => GoneRelations.Count > 0 && GoneRelations.Contains(FromRelationKey(relation));

    /// <summary>The change creating the relation, when the relation is created or re-created by this diff.</summary>
    public Owner? NewRelation(QualifiedName relation) =>
        NewRelations.Count > 0 && NewRelations.TryGetValue(ToRelationKey(relation), out var created) ? created.Owner : (Owner?)null;

    public ChangeBuilder AddChange(
        ChangeKind kind, ChangeType type, ObjectKind objectKind, string key, string name, Classification classification,
        string description, string? before = null, string? after = null)
    {
        var change = new ChangeBuilder(kind, type, objectKind, key, name, before, after, description, classification);
        changes.Add(change);
        return change;
    }

    public ChangeBuilder AddChange(ISchemaObject obj, ChangeKind kind, ChangeType type, Classification classification, string description, string? before = null, string? after = null) =>
        AddChange(kind, type, obj.Kind, obj.Key, obj.DisplayName, classification, description, before, after);

    /// <summary>Places a statement of <paramref name="owner"/> in the script, filed under the object <paramref name="key"/>.</summary>
    public void Emit(
        Owner owner, Phase phase, StatementAction action, string key, string sql,
        bool transactional = true, bool destructive = false, IReadOnlyList<string>? requires = null)
    {
        statements.Add(new PlannedStatement(
            phase, key, action, new SqlStatement(sql, transactional, destructive), statements.Count, requires ?? [], owner.Change, owner.CauseKey));
    }

    /// <summary>A snapshot's tables and views by name, and the keys of its relations (a view's wins over a table's).</summary>
    private static (NameMap<DbTable> Tables, NameMap<DbView> Views, NameMap<string> Keys) Relations(SchemaSnapshot snapshot)
    {
        var (tables, views, keys) = (new NameMap<DbTable>(), new NameMap<DbView>(), new NameMap<string>());
        foreach (var table in snapshot.Tables)
        {
            tables.Add(table.Name, table);
            keys[table.Name] = table.Key;
        }

        foreach (var view in snapshot.Views)
        {
            views.Add(view.Name, view);
            keys[view.Name] = view.Key;
        }

        return (tables, views, keys);
    }

    /// <summary>Who a re-created dependent's statements belong to: the change of the object that caused it.</summary>
    public Owner RecreateOwner(string key) => Owner.Cause(Recreate[key]);
}

/// <summary>The change a statement belongs to: a change itself, or the change of a causing object found later.</summary>
internal readonly record struct Owner(ChangeBuilder? Change, string? CauseKey)
{
    public static implicit operator Owner(ChangeBuilder change) => new(change, null);

    public static Owner Cause(string key) => new(null, key);
}

/// <summary>The change creating a relation (a reference, so that a dictionary of them is not compiled at run time).</summary>
internal sealed record CreatedRelation(Owner Owner);

/// <summary>How a column is converted to its new type.</summary>
/// <param name="CauseKey">The column itself, or the enum or domain being re-created.</param>
/// <param name="ThroughText">Cast through text (enums have no casts between each other).</param>
/// <param name="Lossy">Values may be lost (the re-created enum lacks labels the old one had).</param>
internal sealed record Retype(string CauseKey, bool ThroughText, bool Lossy = false);
