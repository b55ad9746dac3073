using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>The fates of types: enums and domains re-created under their name, range types dropped and created again.</summary>
internal static partial class DiffAnalysis
{
    /// <summary>
    /// An enum that loses or reorders labels, or a domain whose base type or collation changes, is re-created under its
    /// name: the columns holding it are converted through text.
    /// </summary>
    private static void TypeFates(DiffContext context, List<Source> sources)
    {
        static Dictionary<string, ISchemaObject> Types(SchemaSnapshot snapshot)
        {
            var types = new Dictionary<string, ISchemaObject>(StringComparer.Ordinal);
            foreach (var type in snapshot.Enums.Cast<ISchemaObject>().Concat(snapshot.Domains))
            {
                types.Add(type.Key, type);
            }

            return types;
        }

        var toTypes = Types(context.To);
        foreach (var (key, from) in Types(context.From))
        {
            if (!toTypes.TryGetValue(key, out var to))
            {
                continue;
            }

            var sql = from is DbEnum fromEnum ? fromEnum.Name.Sql : ((DbDomain)from).Name.Sql;
            var lossy = from is DbEnum e && to is DbEnum f && e.Labels.Except(f.Labels).Any();
            var replaced = (from, to) switch
            {
                (DbEnum a, DbEnum b) => a.Labels != b.Labels && !LabelsOnlyAdded(a.Labels, b.Labels),
                (DbDomain a, DbDomain b) => a.DataType != b.DataType || a.Collation != b.Collation,
                _ => true,
            };
            if (!replaced)
            {
                continue;
            }

            context.ReplacedTypes.Add(key);
            sources.Add(new Source(key, key, SourceKind.Type));
            foreach (var table in context.From.Tables.Where(t => !context.RecreatedTables.Contains(t.Key)))
            {
                foreach (var column in table.Columns.Where(c => ElementType(c.DataType) == sql && !context.DroppedColumns.Contains(c.Key)))
                {
                    if (context.Retyped.TryGetValue(column.Key, out var retype))
                    {
                        context.Retyped[column.Key] = retype with { ThroughText = true };
                    }
                    else
                    {
                        context.Retyped[column.Key] = new Retype(key, ThroughText: true, lossy);
                        sources.Add(new Source(column.Key, key, SourceKind.Retype));
                    }
                }
            }
        }
    }

    /// <summary>
    /// A range type that differs is dropped and created again: what reads it is created again around it, and the
    /// columns that hold it or its multirange type (a table's own; its children's follow) are dropped and added again.
    /// </summary>
    private static void RangeFates(DiffContext context, List<Source> sources)
    {
        if (context.From.RangeTypes.IsEmpty || context.To.RangeTypes.IsEmpty)
        {
            return;
        }

        var targets = context.To.RangeTypes.ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var from in context.From.RangeTypes)
        {
            if (!targets.TryGetValue(from.Key, out var to) || from.SameDefinition(to))
            {
                continue;
            }

            context.ReplacedTypes.Add(from.Key);
            sources.Add(new Source(from.Key, from.Key, SourceKind.Type));
            var held = from.Multirange is { } multirange ? new[] { from.Name.Sql, multirange.Sql } : [from.Name.Sql];
            foreach (var table in context.From.Tables.Where(t => !context.RecreatedTables.Contains(t.Key)))
            {
                foreach (var column in table.Columns.Where(c => !c.Inherited && Array.IndexOf(held, ElementType(c.DataType)) >= 0 && !context.DroppedColumns.Contains(c.Key)))
                {
                    context.Recreate[column.Key] = from.Key;
                    context.DroppedColumns.Add(column.Key);
                    context.Retyped.Remove(column.Key);
                    sources.Add(new Source(column.Key, from.Key, SourceKind.Column));
                }
            }
        }
    }
}
