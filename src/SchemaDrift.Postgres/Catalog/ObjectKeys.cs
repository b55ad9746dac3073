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
        var edges = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            foreach (var (dependent, dependentTable) in Keys(row.Class, row.Oid, row.SubId))
            {
                foreach (var (referenced, referencedTable) in Keys(row.RefClass, row.RefOid, row.RefSubId))
                {
                    // Within one table only a column's need of another column says anything (a generated column's).
                    var sameTable = dependentTable != 0 && dependentTable == referencedTable &&
                        !(dependent.StartsWith("column:", StringComparison.Ordinal) && referenced.StartsWith("column:", StringComparison.Ordinal));
                    // The snapshot's own instances of the keys, so that the edges hold no copies of them.
                    if (dependent != referenced && !sameTable && present.TryGetValue(dependent, out var from) && present.TryGetValue(referenced, out var to))
                    {
                        edges.Add((from, to));
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

        return dependencies;
    }

    /// <summary>
    /// The keys an object maps to: a column maps to itself and its table, so ordering can use either; a table's row
    /// type maps to the table; a domain's constraint to the domain; an extension's type or function to the extension.
    /// Table is the oid of the table a table or column key belongs to, else 0.
    /// </summary>
    private IEnumerable<(string Key, uint Table)> Keys(string catalog, uint oid, int subId)
    {
        switch (catalog)
        {
            case "pg_class" when relations.TryGetValue(oid, out var relation):
                if (subId > 0 && relation.Kind is 'r' or 'p' && relationMapper.TryGetColumnName(oid, subId, out var column))
                {
                    yield return ($"column:{relation.Schema}.{relation.Name}.{column}", oid);
                }

                yield return (RelationKey(relation), relation.Kind is 'r' or 'p' ? oid : 0);
                break;
            case "pg_class" when compositeRelations.TryGetValue(oid, out var composite):
                yield return (composite, 0);
                break;
            case "pg_class" when sequences.TryGetValue(oid, out var sequence):
                yield return (sequence, 0);
                break;
            case "pg_class" when indexes.TryGetValue(oid, out var index):
                yield return (index, 0);
                break;
            case "pg_proc" when functions.TryGetValue(oid, out var function):
                yield return (function, 0);
                break;
            case "pg_type" when types.TryGetValue(oid, out var type):
                yield return (type, 0);
                break;
            case "pg_type" when rowTypes.TryGetValue(oid, out var typed):
                yield return (RelationKey(typed), 0);
                break;
            case "pg_trigger" when triggers.TryGetValue(oid, out var trigger):
                yield return (trigger, 0);
                break;
            case "pg_constraint" when constraints.TryGetValue(oid, out var constraint):
                yield return (constraint, 0);
                break;
            case "pg_policy" when policies.TryGetValue(oid, out var policy):
                yield return (policy, 0);
                break;
            case "pg_attrdef" when defaults.TryGetValue(oid, out var owner):
                foreach (var key in Keys("pg_class", owner.Relation, owner.Column))
                {
                    yield return key;
                }

                break;
            case "pg_type" or "pg_proc" when extensionMembers.TryGetValue((catalog, oid), out var extension):
                yield return (extension, 0);
                break;
        }
    }

    private static string RelationKey(RelationRow relation) =>
        (relation.Kind is 'v' or 'm' ? "view:" : "table:") + $"{relation.Schema}.{relation.Name}";

    private string Relation(uint oid) => $"{relations[oid].Schema}.{relations[oid].Name}";
}
