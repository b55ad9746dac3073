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
    private readonly Dictionary<uint, string> domainConstraints;
    private readonly Dictionary<(string, uint), string> extensionMembers;
    private readonly Dictionary<uint, (uint Relation, int Column)> defaults;
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
            .Concat(rows.RangeTypes.Select(r => (r.Oid, $"type:{r.Schema}.{r.Name}")))

            // A multirange type is its range type's (the server makes and drops it with the range type).
            .Concat(rows.RangeTypes.Where(r => r.MultirangeOid != 0).Select(r => (r.MultirangeOid, $"type:{r.Schema}.{r.Name}")))
            .ToDictionary(t => t.Item1, t => t.Item2);
        compositeRelations = rows.CompositeTypes.ToDictionary(c => c.RelationOid, c => $"type:{c.Schema}.{c.Name}");
        sequences = rows.Sequences.ToDictionary(s => s.Oid, s => $"sequence:{s.Schema}.{s.Name}");
        domainConstraints = rows.DomainConstraints.Where(c => types.ContainsKey(c.DomainOid)).ToDictionary(c => c.Oid, c => types[c.DomainOid]);
        extensionMembers = rows.ExtensionMembers.ToDictionary(m => (m.Class, m.Oid), m => "extension:" + m.Extension);
        defaults = rows.Columns.Where(c => c.DefaultOid is not null).ToDictionary(c => c.DefaultOid!.Value, c => (c.RelationOid, (int)c.Number));
    }

    /// <summary>
    /// The edges between objects of the snapshot, sorted. Tables, views, columns, constraints, indexes, triggers and
    /// policies are known by the keys the relation mapper built them with; the other objects by their key among
    /// <paramref name="present"/>.
    /// </summary>
    public ValueList<DbDependency> Dependencies(IEnumerable<DependencyRow> rows, HashSet<string> present)
    {
        this.present = present;

        // Gathered as they come, then sorted and rid of repeats: cheaper than a set, since keys are the snapshot's own
        // instances (a repeat compares by reference) while a set hashes both texts of every edge.
        var edges = new List<(string From, string To)>(rows.TryGetNonEnumeratedCount(out var count) ? count * 2 : 0);
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
                    if (!string.Equals(from, to, StringComparison.Ordinal) && !sameTable)
                    {
                        edges.Add((from!, to!));
                    }
                }
            }
        }

        edges.Sort(static (a, b) =>
        {
            var first = string.CompareOrdinal(a.From, b.From);
            return first != 0 ? first : string.CompareOrdinal(a.To, b.To);
        });
        var dependencies = new List<DbDependency>(edges.Count);
        for (var i = 0; i < edges.Count; i++)
        {
            if (i == 0 || !string.Equals(edges[i].From, edges[i - 1].From, StringComparison.Ordinal) || !string.Equals(edges[i].To, edges[i - 1].To, StringComparison.Ordinal))
            {
                dependencies.Add(new DbDependency(edges[i].From, edges[i].To));
            }
        }

        return new ValueList<DbDependency>(ImmutableCollectionsMarshal.AsImmutableArray(dependencies.ToArray()));
    }

    /// <summary>
    /// The keys of the snapshot an object maps to, into <paramref name="keys"/> (at most two), and how many: a column
    /// maps to itself and its table, so ordering can use either; a table's row type maps to the table; a domain's
    /// constraint to the domain; an extension's type or function to the extension. Keys are the snapshot's own
    /// instances (the edges hold no copies; columns keep no key, so the mapper makes one per column named), and
    /// objects the snapshot does not hold map to nothing. Table is the oid of the table a table or column key belongs
    /// to, else 0.
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
                    Add(relationMapper.ColumnKey(oid, subId), oid, keys);
                }

                Add(relationMapper.RelationKey(oid), isTable ? oid : 0, keys);
                break;
            case "pg_class" when compositeRelations.TryGetValue(oid, out var composite):
                Add(Present(composite), 0, keys);
                break;
            case "pg_class" when sequences.TryGetValue(oid, out var sequence):
                Add(Present(sequence), 0, keys);
                break;
            case "pg_class" when relationMapper.IndexKey(oid) is { } index:
                Add(index, 0, keys);
                break;
            case "pg_proc" when functions.TryGetValue(oid, out var function):
                Add(Present(function), 0, keys);
                break;
            case "pg_type" when types.TryGetValue(oid, out var type):
                Add(Present(type), 0, keys);
                break;
            case "pg_type" when rowTypes.TryGetValue(oid, out var typed):
                Add(relationMapper.RelationKey(typed.Oid), 0, keys);
                break;
            case "pg_trigger":
                Add(relationMapper.TriggerKey(oid), 0, keys);
                break;
            case "pg_constraint" when relationMapper.ConstraintKey(oid) is { } constraint:
                Add(constraint, 0, keys);
                break;
            case "pg_constraint" when domainConstraints.TryGetValue(oid, out var domain):
                Add(Present(domain), 0, keys);
                break;
            case "pg_policy":
                Add(relationMapper.PolicyKey(oid), 0, keys);
                break;
            case "pg_attrdef" when defaults.TryGetValue(oid, out var owner):
                return Keys("pg_class", owner.Relation, owner.Column, keys);
            case "pg_type" or "pg_proc" when extensionMembers.TryGetValue((catalog, oid), out var extension):
                Add(Present(extension), 0, keys);
                break;
        }

        return count;
    }

    private string? Present(string key) => present!.TryGetValue(key, out var instance) ? instance : null;
}
