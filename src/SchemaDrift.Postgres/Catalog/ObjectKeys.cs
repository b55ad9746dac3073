using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Maps catalog identities (class, oid, sub-id) to snapshot keys, to turn pg_depend rows into dependencies.</summary>
internal sealed class ObjectKeys
{
    private readonly Dictionary<uint, RelationRow> relations;
    private readonly Dictionary<(uint, int), string> columnNames;
    private readonly Dictionary<uint, string> functions;
    private readonly Dictionary<uint, string> types;
    private readonly Dictionary<uint, string> sequences;
    private readonly Dictionary<uint, string> triggers;
    private readonly Dictionary<uint, string> constraints;
    private readonly Dictionary<uint, (uint Relation, int Column)> defaults;

    public ObjectKeys(CatalogRows rows, Dictionary<uint, RelationRow> relations)
    {
        this.relations = relations;
        columnNames = rows.Columns.ToDictionary(c => (c.RelationOid, (int)c.Number), c => c.Name);
        functions = rows.Functions.ToDictionary(f => f.Oid, f => $"function:{f.Schema}.{f.Name}({f.Arguments})");
        types = rows.Enums.Select(e => (e.Oid, $"type:{e.Schema}.{e.Name}"))
            .Concat(rows.Domains.Select(d => (d.Oid, $"type:{d.Schema}.{d.Name}")))
            .ToDictionary(t => t.Item1, t => t.Item2);
        sequences = rows.Sequences.ToDictionary(s => s.Oid, s => $"sequence:{s.Schema}.{s.Name}");
        triggers = rows.Triggers.Where(t => relations.ContainsKey(t.RelationOid))
            .ToDictionary(t => t.Oid, t => $"trigger:{Relation(t.RelationOid)}.{t.Name}");
        constraints = rows.Constraints.Where(c => relations.ContainsKey(c.RelationOid))
            .ToDictionary(c => c.Oid, c => $"constraint:{Relation(c.RelationOid)}.{c.Name}");
        defaults = rows.Columns.Where(c => c.DefaultOid is not null).ToDictionary(c => c.DefaultOid!.Value, c => (c.RelationOid, (int)c.Number));
    }

    public ValueList<DbDependency> Dependencies(IEnumerable<DependencyRow> rows, HashSet<string> present)
    {
        var edges = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            foreach (var dependent in Keys(row.Class, row.Oid, row.SubId))
            {
                foreach (var referenced in Keys(row.RefClass, row.RefOid, row.RefSubId))
                {
                    if (dependent != referenced && present.Contains(dependent) && present.Contains(referenced))
                    {
                        edges.Add((dependent, referenced));
                    }
                }
            }
        }

        return edges
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ThenBy(e => e.Item2, StringComparer.Ordinal)
            .Select(e => new DbDependency(e.Item1, e.Item2))
            .ToValueList();
    }

    /// <summary>The keys an object maps to: a column maps to itself and its table, so ordering can use either.</summary>
    private IEnumerable<string> Keys(string catalog, uint oid, int subId)
    {
        switch (catalog)
        {
            case "pg_class" when relations.TryGetValue(oid, out var relation):
                var relationKey = (relation.Kind is 'v' or 'm' ? "view:" : "table:") + $"{relation.Schema}.{relation.Name}";
                if (subId > 0 && relation.Kind is 'r' or 'p' && columnNames.TryGetValue((oid, subId), out var column))
                {
                    yield return $"column:{relation.Schema}.{relation.Name}.{column}";
                }

                yield return relationKey;
                break;
            case "pg_class" when sequences.TryGetValue(oid, out var sequence):
                yield return sequence;
                break;
            case "pg_proc" when functions.TryGetValue(oid, out var function):
                yield return function;
                break;
            case "pg_type" when types.TryGetValue(oid, out var type):
                yield return type;
                break;
            case "pg_trigger" when triggers.TryGetValue(oid, out var trigger):
                yield return trigger;
                break;
            case "pg_constraint" when constraints.TryGetValue(oid, out var constraint):
                yield return constraint;
                break;
            case "pg_attrdef" when defaults.TryGetValue(oid, out var owner):
                foreach (var key in Keys("pg_class", owner.Relation, owner.Column))
                {
                    yield return key;
                }

                break;
        }
    }

    private string Relation(uint oid) => $"{relations[oid].Schema}.{relations[oid].Name}";
}
