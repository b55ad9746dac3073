using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Owners. Compared only with <see cref="DiffOptions.CompareOwners"/>, because owners legitimately differ between
/// environments; otherwise the owners that differ are listed as not compared. Either way, an object the script drops
/// and creates again gets its owner back (the target's when compared, else its own), as it gets its grants back.
/// </summary>
internal static class OwnerComparer
{
    public const string NotComparedKind = "owners (--with-owners compares them)";

    public static void Compare(DiffContext context)
    {
        var recreated = new Dictionary<string, string>(context.Recreate, StringComparer.Ordinal);
        foreach (var key in context.ReplacedTypes.Concat(context.RecreatedTables))
        {
            recreated.TryAdd(key, key);
        }

        if (!context.Options.CompareOwners)
        {
            if (recreated.Count == 0)
            {
                return;
            }

            // Named as the target names the object: a view re-created as a materialized view takes ALTER MATERIALIZED VIEW.
            var targets = context.To.Owners.ToDictionary(o => o.Key, StringComparer.Ordinal);
            foreach (var owner in context.From.Owners.Where(o => recreated.ContainsKey(o.ObjectKey) && targets.ContainsKey(o.Key)))
            {
                var restored = targets[owner.Key] with { Role = owner.Role };
                context.Emit(Owner.Cause(recreated[owner.ObjectKey]), PhaseOf(restored), StatementAction.Alter, owner.Key, DdlWriter.Owner(restored), requires: [owner.ObjectKey]);
            }

            return;
        }

        var sourceObjects = context.From.AllObjects().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var (added, _, both) = Matching.Match(
            context.From.Owners, context.To.Owners, (from, to) => !recreated.ContainsKey(to.ObjectKey) && from.Role == to.Role);
        foreach (var owner in added)
        {
            // A new object: its owner is set by the change that creates it.
            if (!sourceObjects.Contains(owner.ObjectKey) || recreated.ContainsKey(owner.ObjectKey))
            {
                var cause = recreated.GetValueOrDefault(owner.ObjectKey, owner.ObjectKey);
                context.Emit(Owner.Cause(cause), PhaseOf(owner), StatementAction.Alter, owner.Key, DdlWriter.Owner(owner), requires: [owner.ObjectKey]);
            }
            else if (LinkedSequenceOwner(context.From, owner.ObjectKey) is { } former && former != owner.Role)
            {
                // A sequence that a column owned in the source, free-standing in the target: it has its former table's owner.
                var change = context.AddChange(
                    owner, ChangeKind.ChangeOwner, ChangeType.Modified, Classification.Minor,
                    $"{Describe(owner)}: owner {former} → {owner.Role}", former, owner.Role);
                context.Emit(change, Phase.Privileges, StatementAction.Alter, owner.Key, DdlWriter.Owner(owner), requires: [owner.ObjectKey, owner.ObjectKey + "#owned-by"]);
            }
        }

        foreach (var (from, to) in both)
        {
            if (recreated.TryGetValue(to.ObjectKey, out var cause))
            {
                context.Emit(Owner.Cause(cause), PhaseOf(to), StatementAction.Alter, to.Key, DdlWriter.Owner(to), requires: [to.ObjectKey]);
            }
            else if (from.Role != to.Role)
            {
                var change = context.AddChange(
                    to, ChangeKind.ChangeOwner, ChangeType.Modified, Classification.Minor,
                    $"{Describe(to)}: owner {from.Role} → {to.Role}", from.Role, to.Role);
                context.Emit(change, Phase.Privileges, StatementAction.Alter, to.Key, DdlWriter.Owner(to), requires: [to.ObjectKey]);
            }
        }
    }

    /// <summary>
    /// Where the owner of an object the script creates (or creates again) is set: a table's with the table's own
    /// statements, as pg_dump sets it, since the sequences it owns must have its owner before OWNED BY links them
    /// (a kept sequence keeps the owner the table had); the others' last, with the grants.
    /// </summary>
    private static Phase PhaseOf(DbOwner owner) => owner.ObjectKind == ObjectKind.Table ? Phase.AlterTables : Phase.Privileges;

    /// <summary>The owner of the table whose column owns sequence <paramref name="key"/> in the snapshot, if one does.</summary>
    private static string? LinkedSequenceOwner(SchemaSnapshot snapshot, string key) =>
        snapshot.Sequences.FirstOrDefault(s => s.Key == key)?.OwnedBy is { } ownedBy && SqlText.ParseQualified(ownedBy) is [var schema, var table, _]
            ? snapshot.Owners.FirstOrDefault(o => o.ObjectKey == $"table:{schema}.{table}")?.Role
            : null;

    /// <summary>Without owners compared: the objects of both snapshots whose owners differ, as a "not compared" entry.</summary>
    public static NotComparedKind? NotCompared(SchemaSnapshot from, SchemaSnapshot to, DiffOptions options)
    {
        if (options.CompareOwners)
        {
            return null;
        }

        var (_, _, differing) = Matching.Match(from.Owners, to.Owners, (a, b) => a.Role == b.Role);
        return new NotComparedKind(
            NotComparedKind,
            differing.Count,
            differing.Take(3).Select(p => $"{Describe(p.To)} ({p.From.Role} → {p.To.Role})").ToValueList());
    }

    private static string Describe(DbOwner owner) => owner.ObjectSql.ToLowerInvariant()[..owner.ObjectSql.IndexOf(' ', StringComparison.Ordinal)]
        + owner.ObjectSql[owner.ObjectSql.IndexOf(' ', StringComparison.Ordinal)..];
}
