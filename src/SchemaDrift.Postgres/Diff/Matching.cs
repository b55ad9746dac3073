using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Pairs objects of the two snapshots by key, and the comment handling every kind shares.</summary>
internal static class Matching
{
    /// <summary>Objects only in the target, only in the source, and in both; each in key order.</summary>
    public static (List<T> Added, List<T> Removed, List<(T From, T To)> Both) Match<T>(IEnumerable<T> from, IEnumerable<T> to)
        where T : ISchemaObject
    {
        var source = from.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var target = to.ToDictionary(o => o.Key, StringComparer.Ordinal);
        return (
            target.Values.Where(t => !source.ContainsKey(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList(),
            source.Values.Where(s => !target.ContainsKey(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList(),
            source.Values.Where(s => target.ContainsKey(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s, target[s.Key])).ToList());
    }

    /// <summary>"table shop.orders", "materialized view shop.totals", "function shop.f(integer)".</summary>
    public static string Describe(ISchemaObject obj) => Noun(obj.Kind) + " " + obj.DisplayName;

    public static string Noun(ObjectKind kind) => kind switch
    {
        ObjectKind.MaterializedView => "materialized view",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The kind word used in change kinds: <c>add-materialized-view</c>, <c>drop-function</c>.</summary>
    /// <summary>A comment that differs on an object present in both: a change of its own (minor).</summary>
    public static void CompareComment(DiffContext context, ISchemaObject to, string? before, string? after) =>
        CompareComment(context, to.Key, to.Kind, to.DisplayName, DdlWriter.CommentTarget(to), before, after);

    public static void CompareComment(DiffContext context, string key, ObjectKind kind, string name, string target, string? before, string? after)
    {
        if (before == after)
        {
            return;
        }

        var change = context.AddChange(
            ChangeKind.ChangeComment, ChangeType.Modified, kind, key, name, ChangeClassifier.Of(ChangeKind.ChangeComment),
            $"{Noun(kind)} {name}: comment {(after is null ? "removed" : before is null ? "added" : "changed")}", before, after);
        context.Emit(change, Phase.Comments, StatementAction.Alter, key, DdlWriter.Comment(target, after));
    }

    /// <summary>The comment of an object the script creates (or creates again), if it has one.</summary>
    public static void CommentOnCreate(DiffContext context, Owner owner, ISchemaObject obj, string? comment)
    {
        if (comment is not null)
        {
            context.Emit(owner, Phase.Comments, StatementAction.Alter, obj.Key, DdlWriter.Comment(DdlWriter.CommentTarget(obj), comment));
        }
    }
}
