using System.Runtime.InteropServices;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Maps catalog identities (class, oid, sub-id) to snapshot keys, to turn pg_depend rows into dependencies.</summary>
internal sealed class ObjectKeys
{
    private readonly Dictionary<uint, RelationRow> relations;
    private readonly RelationMapper relationMapper;
    private readonly Dictionary<uint, RelationRow> rowTypes;
    private readonly Dictionary<uint, string> functions;
    private readonly Dictionary<uint, string> types;
    private readonly Dictionary<uint, string> compositeRelations;
    private readonly Dictionary<uint, string> sequences;
    private readonly Dictionary<uint, string> indexes;
    private readonly Dictionary<uint, string> triggers;
    private readonly Dictionary<uint, string> constraints;
    private readonly Dictionary<uint, string> policies;
    private readonly Dictionary<(string, uint), string> extensionMembers;
    private readonly Dictionary<uint, (uint Relation, int Column)> defaults;
    private readonly Dictionary<uint, string?> relationKeys = [];
    private readonly Dictionary<(uint, int), string?> columnKeys = [];
    private HashSet<string>? present;

    public ObjectKeys(CatalogRows rows, RelationMapper relationMapper)
    {
        this.relationMapper = relationMapper;
        relations = relationMapper.Relations;
        rowTypes = relations.Values.Where(r => r.RowType != 0).ToDictionary(r => r.RowType);
        functions = rows.Functions.ToDictionary(f => f.Oid, f => $"function:{f.Schema}.{f.Name}({f.Arguments})");
        types = rows.Enums.Select(e => (e.Oid, $"type:{e.Schema}.{e.Name}"))
            .Concat(rows.Domains.Select(d => (d.Oid, $"type:{d.Schema}.{d.Name}")))
            .Concat(rows.CompositeTypes.Select(c => (c.Oid, $"type:{c.Schema}.{c.Name}")))
            .ToDictionary(t => t.Item1, t => t.Item2);
        compositeRelations = rows.CompositeTypes.ToDictionary(c => c.RelationOid, c => $"type:{c.Schema}.{c.Name}");
        sequences = rows.Sequences.ToDictionary(s => s.Oid, s => $"sequence:{s.Schema}.{s.Name}");
        indexes = rows.Indexes.Where(i => relations.ContainsKey(i.RelationOid))
            .ToDictionary(i => i.Oid, i => $"index:{relations[i.RelationOid].Schema}.{i.Name}");
        triggers = rows.Triggers.Where(t => relations.ContainsKey(t.RelationOid))
            .ToDictionary(t => t.Oid, t => $"trigger:{Relation(t.RelationOid)}.{t.Name}");
        constraints = rows.Constraints.Where(c => relations.ContainsKey(c.RelationOid))
            .Select(c => (c.Oid, Key: $"constraint:{Relation(c.RelationOid)}.{c.Name}"))
            .Concat(rows.DomainConstraints.Where(c => types.ContainsKey(c.DomainOid)).Select(c => (c.Oid, Key: types[c.DomainOid])))
            .ToDictionary(c => c.Oid, c => c.Key);
        policies = rows.Policies.Where(p => relations.ContainsKey(p.RelationOid))
            .ToDictionary(p => p.Oid, p => $"policy:{Relation(p.RelationOid)}.{p.Name}");
        extensionMembers = rows.ExtensionMembers.ToDictionary(m => (m.Class, m.Oid), m => "extension:" + m.Extension);
        defaults = rows.Columns.Where(c => c.DefaultOid is not null).ToDictionary(c => c.DefaultOid!.Value, c => (c.RelationOid, (int)c.Number));
    }

    /// <summary>The edges between objects of the snapshot (<paramref name="present"/> keys), sorted.</summary>
    public ValueList<DbDependency> Dependencies(IEnumerable<DependencyRow> rows, HashSet<string> present)
    {
        this.present = present;
        var edges = new HashSet<(string, string)>();
        var dependents = new (string? Key, uint Table)[2];
        var referencedKeys = new (string? Key, uint Table)[2];
        foreach (var row in rows)
        {
            var dependentCount = Keys(row.Class, row.Oid, row.SubId, dependents);
            if (dependentCount == 0)
            {
                continue;
            }

            var referencedCount = Keys(row.RefClass, row.RefOid, row.RefSubId, referencedKeys);
            for (var d = 0; d < dependentCount; d++)
            {
                var (from, dependentTable) = dependents[d];
                for (var r = 0; r < referencedCount; r++)
                {
                    var (to, referencedTable) = referencedKeys[r];

                    // Within one table only a column's need of another column says anything (a generated column's).
                    var sameTable = dependentTable != 0 && dependentTable == referencedTable &&
                        !(from!.StartsWith("column:", StringComparison.Ordinal) && to!.StartsWith("column:", StringComparison.Ordinal));
                    if (!ReferenceEquals(from, to) && !sameTable)
                    {
                        edges.Add((from!, to!));
                    }
                }
            }
        }

        var sorted = edges.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var first = string.CompareOrdinal(a.Item1, b.Item1);
            return first != 0 ? first : string.CompareOrdinal(a.Item2, b.Item2);
        });
        var dependencies = new DbDependency[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            dependencies[i] = new DbDependency(sorted[i].Item1, sorted[i].Item2);
        }

        return new ValueList<DbDependency>(ImmutableCollectionsMarshal.AsImmutableArray(dependencies));
    }

    /// <summary>
    /// The keys of the snapshot an object maps to, into <paramref name="keys"/> (at most two), and how many: a column
    /// maps to itself and its table, so ordering can use either; a table's row type maps to the table; a domain's
    /// constraint to the domain; an extension's type or function to the extension. Keys are the snapshot's own
    /// instances (the edges hold no copies), and objects the snapshot does not hold map to nothing. Table is the oid
    /// of the table a table or column key belongs to, else 0.
    /// </summary>
    private int Keys(string catalog, uint oid, int subId, Span<(string? Key, uint Table)> keys)
    {
        var count = 0;
        void Add(string? key, uint table, Span<(string? Key, uint Table)> into)
        {
            if (key is not null)
            {
                into[count++] = (key, table);
            }
        }

        switch (catalog)
        {
            case "pg_class" when relations.TryGetValue(oid, out var relation):
                var isTable = relation.Kind is 'r' or 'p';
                if (subId > 0 && isTable)
                {
                    Add(ColumnKey(relation, subId), oid, keys);
                }

                Add(RelationPresent(relation), isTable ? oid : 0, keys);
                break;
            case "pg_class" when compositeRelations.TryGetValue(oid, out var composite):
                Add(Present(composite), 0, keys);
                break;
            case "pg_class" when sequences.TryGetValue(oid, out var sequence):
                Add(Present(sequence), 0, keys);
                break;
            case "pg_class" when indexes.TryGetValue(oid, out var index):
                Add(Present(index), 0, keys);
                break;
            case "pg_proc" when functions.TryGetValue(oid, out var function):
                Add(Present(function), 0, keys);
                break;
            case "pg_type" when types.TryGetValue(oid, out var type):
                Add(Present(type), 0, keys);
                break;
            case "pg_type" when rowTypes.TryGetValue(oid, out var typed):
                Add(RelationPresent(typed), 0, keys);
                break;
            case "pg_trigger" when triggers.TryGetValue(oid, out var trigger):
                Add(Present(trigger), 0, keys);
                break;
            case "pg_constraint" when constraints.TryGetValue(oid, out var constraint):
                Add(Present(constraint), 0, keys);
                break;
            case "pg_policy" when policies.TryGetValue(oid, out var policy):
                Add(Present(policy), 0, keys);
                break;
            case "pg_attrdef" when defaults.TryGetValue(oid, out var owner):
                return Keys("pg_class", owner.Relation, owner.Column, keys);
            case "pg_type" or "pg_proc" when extensionMembers.TryGetValue((catalog, oid), out var extension):
                Add(Present(extension), 0, keys);
                break;
        }

        return count;
    }

    /// <summary>The snapshot's instance of a column's key, once per column; null when the snapshot has no such column.</summary>
    private string? ColumnKey(RelationRow relation, int number)
    {
        if (columnKeys.TryGetValue((relation.Oid, number), out var known))
        {
            return known;
        }

        var key = relationMapper.TryGetColumnName(relation.Oid, number, out var column)
            ? Present($"column:{relation.Schema}.{relation.Name}.{column}")
            : null;
        columnKeys[(relation.Oid, number)] = key;
        return key;
    }

    /// <summary>The snapshot's instance of a relation's key, once per relation; null when the snapshot does not hold it.</summary>
    private string? RelationPresent(RelationRow relation)
    {
        if (!relationKeys.TryGetValue(relation.Oid, out var known))
        {
            relationKeys[relation.Oid] = known = Present(RelationKey(relation));
        }

        return known;
    }

    private string? Present(string key) => present!.TryGetValue(key, out var instance) ? instance : null;

    private static string RelationKey(RelationRow relation) =>
        (relation.Kind is 'v' or 'm' ? "view:" : "table:") + $"{relation.Schema}.{relation.Name}";

    private string Relation(uint oid) => $"{relations[oid].Schema}.{relations[oid].Name}";
}
