using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>An object present in both snapshots: as it is in the source, and in the target.</summary>
internal sealed record Pair<T>(T From, T To);

/// <summary>Pairs objects of the two snapshots by key, and the comment handling every kind shares.</summary>
internal static class Matching
{
    /// <summary>
    /// Objects only in the target, only in the source, and in both (those <paramref name="unchanged"/> does not
    /// leave out); each in key order. A key present twice on one side throws, as a dictionary would.
    /// </summary>
    /// <remarks>Most objects are the same on both sides. Snapshots list them in key order, and then the two lists
    /// are walked side by side, one comparison of keys per object; otherwise (lists built in another order, or a key
    /// repeated) they are paired through one dictionary of the target's keys, and only what is left to look at is
    /// put in key order.</remarks>
    public static (List<T> Added, List<T> Removed, List<Pair<T>> Both) Match<T>(IEnumerable<T> from, IEnumerable<T> to, Func<T, T, bool>? unchanged = null)
        where T : class, ISchemaObject
    {
        var source = from.ToArray();
        var target = to.ToArray();
        if (InKeyOrder(source) && InKeyOrder(target))
        {
            return Merge(source, target, unchanged);
        }

        var positions = new Dictionary<string, int>(target.Length, StringComparer.Ordinal);
        for (var j = 0; j < target.Length; j++)
        {
            if (!positions.TryAdd(target[j].Key, j))
            {
                throw Repeated(target[j].Key);
            }
        }

        var matched = new bool[target.Length];
        var removed = new List<T>();
        var both = new List<Pair<T>>();
        HashSet<string>? removedKeys = null;
        foreach (var item in source)
        {
            if (positions.TryGetValue(item.Key, out var j))
            {
                if (matched[j])
                {
                    throw Repeated(item.Key);
                }

                matched[j] = true;
                if (unchanged is null || !unchanged(item, target[j]))
                {
                    both.Add(new Pair<T>(item, target[j]));
                }
            }
            else
            {
                if (!(removedKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(item.Key))
                {
                    throw Repeated(item.Key);
                }

                removed.Add(item);
            }
        }

        var added = new List<T>();
        for (var j = 0; j < target.Length; j++)
        {
            if (!matched[j])
            {
                added.Add(target[j]);
            }
        }

        added.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        removed.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        both.Sort(static (a, b) => string.CompareOrdinal(a.From.Key, b.From.Key));
        return (added, removed, both);
    }

    /// <summary>Whether every key is greater than the one before it (so none repeats).</summary>
    private static bool InKeyOrder<T>(T[] items)
        where T : class, ISchemaObject
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (string.CompareOrdinal(items[i - 1].Key, items[i].Key) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="Match{T}"/> of two lists in key order: each side's next object, the lesser key first.</summary>
    private static (List<T> Added, List<T> Removed, List<Pair<T>> Both) Merge<T>(T[] source, T[] target, Func<T, T, bool>? unchanged)
        where T : class, ISchemaObject
    {
        var added = new List<T>();
        var removed = new List<T>();
        var both = new List<Pair<T>>();
        var (i, j) = (0, 0);
        while (i < source.Length || j < target.Length)
        {
            var order = i == source.Length ? 1 : j == target.Length ? -1 : string.CompareOrdinal(source[i].Key, target[j].Key);
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
                if (unchanged is null || !unchanged(source[i], target[j]))
                {
                    both.Add(new Pair<T>(source[i], target[j]));
                }

                (i, j) = (i + 1, j + 1);
            }
        }

        return (added, removed, both);
    }

    private static ArgumentException Repeated(string key) => new($"An item with the same key has already been added. Key: {key}");

    /// <summary>"table shop.orders", "materialized view shop.totals", "function shop.f(integer)".</summary>
    public static string Describe(ISchemaObject obj) => Noun(obj.Kind) + " " + obj.DisplayName;

    public static string Noun(ObjectKind kind) => KebabNames.Of(kind.ToString()).Replace('-', ' ');

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
