using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Pairs objects of the two snapshots by key, and the comment handling every kind shares.</summary>
internal static class Matching
{
    /// <summary>Objects only in the target, only in the source, and in both; each in key order.</summary>
    /// <remarks>Both sides sorted by key and walked together: no dictionary, one comparison per step. A side that
    /// holds a key twice goes the way of dictionaries, which refuse it.</remarks>
    public static (List<T> Added, List<T> Removed, List<(T From, T To)> Both) Match<T>(IEnumerable<T> from, IEnumerable<T> to)
        where T : ISchemaObject
    {
        if (SortedByKey(from) is not var (sourceKeys, source) || SortedByKey(to) is not var (targetKeys, target))
        {
            return MatchByDictionary(from, to);
        }

        var added = new List<T>();
        var removed = new List<T>();
        var both = new List<(T From, T To)>(Math.Min(source.Length, target.Length));
        int i = 0, j = 0;
        while (i < source.Length && j < target.Length)
        {
            var order = string.CompareOrdinal(sourceKeys[i], targetKeys[j]);
            if (order < 0)
            {
                removed.Add(source[i++]);
            }
            else if (order > 0)
            {
                added.Add(target[j++]);
            }
            else
            {
                both.Add((source[i++], target[j++]));
            }
        }

        removed.AddRange(source.AsSpan(i));
        added.AddRange(target.AsSpan(j));
        return (added, removed, both);
    }

    /// <summary>The objects and their keys in key order; null when a key repeats.</summary>
    private static (string[] Keys, T[] Items)? SortedByKey<T>(IEnumerable<T> objects)
        where T : ISchemaObject
    {
        var items = objects.ToArray();
        var keys = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = items[i].Key;
        }

        if (!InOrder(keys))
        {
            Array.Sort(keys, items, StringComparer.Ordinal);
        }

        for (var i = 1; i < keys.Length; i++)
        {
            if (string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return (keys, items);
    }

    private static bool InOrder(string[] keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (string.CompareOrdinal(keys[i - 1], keys[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static (List<T> Added, List<T> Removed, List<(T From, T To)> Both) MatchByDictionary<T>(IEnumerable<T> from, IEnumerable<T> to)
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
