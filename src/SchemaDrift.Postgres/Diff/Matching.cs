using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Pairs the objects of two snapshots by key.</summary>
internal static class Matching
{
    public static (List<T> Added, List<T> Removed, List<(T From, T To)> Both) Match<T>(IEnumerable<T> from, IEnumerable<T> to)
        where T : ISchemaObject
    {
        var source = from.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var target = to.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var added = target.Values.Where(t => !source.ContainsKey(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var removed = source.Values.Where(s => !target.ContainsKey(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var both = source.Values.Where(s => target.ContainsKey(s.Key))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s, target[s.Key]))
            .ToList();
        return (added, removed, both);
    }

    /// <summary>A change of comment alone: minor.</summary>
    public static void CommentChange(DiffContext context, ISchemaObject from, ISchemaObject to, string? before, string? after)
    {
        if (before == after)
        {
            return;
        }

        context.Add(
            ChangeSpec.For(to, "change-comment", ChangeType.Modified, before, after, $"{Describe(to)}: comment changed", Severity.Minor),
            (Phase.Comments, new SqlStatement(Sql.Ddl.Comment(to, after))));
    }

    /// <summary>The comment statement for a newly created object, if it has one.</summary>
    public static (Phase, SqlStatement)[] CommentOnCreate(ISchemaObject obj, string? comment) =>
        comment is null ? [] : [(Phase.Comments, new SqlStatement(Sql.Ddl.Comment(obj, comment)))];

    public static string Describe(ISchemaObject obj) => obj.Kind switch
    {
        ObjectKind.MaterializedView => "materialized view " + obj.DisplayName,
        _ => obj.Kind.ToString().ToLowerInvariant() + " " + obj.DisplayName,
    };
}
