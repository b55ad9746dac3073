using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Indexes and keys of partitions that are attached to an index of their parent (pg_inherits). They cannot be
/// dropped while attached, and the server makes and names them itself when the parent's index or the partition is
/// created. So: one the server makes is renamed to the target's name; one attached under another name is renamed;
/// one attached in place of another (a partition's primary key replaced by a unique key) is replaced while the
/// partition is detached, then the partition is attached again; one that goes with its parent's index or its table
/// needs nothing of its own. A partition the script detaches for good keeps its attached ones as its own, and a table
/// it attaches has its alike ones attached by ATTACH PARTITION (both are compared as plain indexes and keys).
/// </summary>
internal static class PartitionIndexes
{
    public static void Compare(DiffContext context)
    {
        // A partition the script detaches for good keeps its attached indexes and keys as its own: compared as such.
        var from = Attached(context.From).Where(a => !context.KeepsAfterDetach(a.Table, a.Parent)).ToList();
        var to = Attached(context.To).Where(a => !context.KeptThroughAttach(a.Obj)).ToList();
        var fromByKey = from.ToDictionary(a => a.Obj.Key, StringComparer.Ordinal);
        var toKeys = to.Select(a => a.Obj.Key).ToHashSet(StringComparer.Ordinal);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var toByIndex = new Dictionary<string, AttachedIndex>(StringComparer.Ordinal);
        foreach (var attached in to)
        {
            toByIndex.TryAdd(IndexKey(new QualifiedName(attached.Table.Schema, attached.Name)), attached);
        }

        foreach (var target in to)
        {
            // One whose parent's index the script creates again goes with it, and the server makes it again.
            if (fromByKey.TryGetValue(target.Obj.Key, out var same) && !context.CreatedIndexes.Contains(IndexKey(target.Parent)))
            {
                if (same.Parent == target.Parent && context.NewRelation(target.Table) is null)
                {
                    Settings(context, same, target);
                }

                continue;
            }

            var parentKey = IndexKey(target.Parent);
            var parentObject = ParentObjectKey(context.To, parentKey);
            if (MadeByServer(context, target, fromByKey, toByIndex))
            {
                // The server makes it with CREATE TABLE ... PARTITION OF or CREATE INDEX on the parent, under a name of its choosing.
                var owner = context.NewRelation(target.Table) ?? Owner.Cause(parentObject);
                context.Emit(
                    owner, Phase.IndexSettings, StatementAction.Alter, target.Obj.Key,
                    DdlWriter.RenameAttachedIndex(target.Parent, target.Table, target.Name), requires: [parentObject, "table:" + target.Table]);
                SettingsComparer.CreateIndex(
                    context, owner, target.Obj, target.Table, target.Name, target.Settings, target.IsConstraint, ParentOptions(context.To, parentKey));
                Matching.CommentOnCreate(context, owner, target.Obj, Comment(target.Obj));
                continue;
            }

            var sibling = from.FirstOrDefault(f => !toKeys.Contains(f.Obj.Key) && !consumed.Contains(f.Obj.Key)
                && f.Table == target.Table && f.Parent == target.Parent && f.IsConstraint == target.IsConstraint && f.Shape == target.Shape);
            if (sibling is not null)
            {
                consumed.Add(sibling.Obj.Key);
                var change = context.AddChange(
                    target.Obj, ChangeKind.RenameIndex, ChangeType.Modified, Classification.Minor,
                    $"{Noun(target)} {target.Obj.DisplayName}: renamed from {sibling.Name}", sibling.Name, target.Name);
                var sql = target.IsConstraint
                    ? DdlWriter.AlterTable(target.Table, $"RENAME CONSTRAINT {SqlText.Ident(sibling.Name)} TO {SqlText.Ident(target.Name)}")
                    : DdlWriter.RenameIndex(target.Table.Schema, sibling.Name, target.Name);
                context.Emit(change, Phase.AlterTables, StatementAction.Alter, target.Obj.Key, sql, requires: [sibling.Obj.Key]);
                Settings(context, sibling, target);
                continue;
            }

            Replace(context, target, from.FirstOrDefault(f => !toKeys.Contains(f.Obj.Key) && !consumed.Contains(f.Obj.Key)
                && f.Table == target.Table && f.Parent == target.Parent), consumed);
        }
    }

    /// <summary>
    /// Whether the server makes an attached index or key the source lacks: that of a table the script creates, or one
    /// attached to an index the script creates, or to one the server makes in turn (the index of a partition's
    /// partition, made as its parent's is: CREATE INDEX and ADD CONSTRAINT on a partitioned table reach every level
    /// below it). Asked as the indexes are compared, so an index the comparison has created by then counts.
    /// </summary>
    private static bool MadeByServer(DiffContext context, AttachedIndex target, Dictionary<string, AttachedIndex> fromByKey, Dictionary<string, AttachedIndex> toByIndex)
    {
        for (var depth = 0; depth < 64; depth++)
        {
            var parentKey = IndexKey(target.Parent);
            if (context.NewRelation(target.Table) is not null || context.CreatedIndexes.Contains(parentKey))
            {
                return true;
            }

            if (!toByIndex.TryGetValue(parentKey, out var parent) || fromByKey.ContainsKey(parent.Obj.Key))
            {
                return false;
            }

            target = parent;
        }

        return false;
    }

    /// <summary>
    /// A partition's index or key the target attaches to its parent's index and the source lacks. When the source
    /// attaches another one in its place, that one cannot be dropped while attached: the partition is detached, the
    /// old one replaced by the new one, and the partition attached again (which attaches the new one).
    /// </summary>
    private static void Replace(DiffContext context, AttachedIndex target, AttachedIndex? replaced, HashSet<string> consumed)
    {
        var table = context.ToTables[target.Table];
        var change = context.AddChange(
            target.Obj, target.IsConstraint ? ChangeKind.AddConstraint : ChangeKind.AddIndex, ChangeType.Added,
            target.IsConstraint ? ChangeClassifier.AddConstraint((DbConstraint)target.Obj) : ChangeClassifier.AddIndex(false),
            $"{Noun(target)} {target.Obj.DisplayName} added, attached to {target.Parent}"
            + (replaced is null ? string.Empty : $" in place of {replaced.Name} (the partition is detached and attached again)"),
            replaced?.Name, target.Name);
        string[] reattach = [];
        if (replaced is not null && table.PartitionOf is { } parent)
        {
            consumed.Add(replaced.Obj.Key);
            var detach = DiffContext.DetachKey(table);
            context.Emit(change, Phase.DetachPartitions, StatementAction.Drop, detach, DdlWriter.AlterTable(parent, "DETACH PARTITION " + table.Name.Sql));
            if (replaced.Obj is DbConstraint oldKey)
            {
                ConstraintComparer.DropConstraint(context, change, oldKey, [detach]);
            }
            else
            {
                context.DroppedIndexes.Add(replaced.Obj.Key);
                context.Emit(change, Phase.DropIndexes, StatementAction.Drop, replaced.Obj.Key, DdlWriter.DropIndex((DbIndex)replaced.Obj, false), requires: [detach]);
            }

            reattach = [table.Key + "#reattach"];
            context.Emit(
                change, Phase.AttachPartitions, StatementAction.Alter, reattach[0],
                DdlWriter.AlterTable(parent, $"ATTACH PARTITION {table.Name.Sql} {table.PartitionBound ?? "DEFAULT"}"), requires: [target.Obj.Key, detach]);
        }

        // A table the script attaches gets it before ATTACH PARTITION, which attaches it (otherwise the server makes one
        // under a name of its own, and the script's would be a second); ATTACH of an index attached already does nothing.
        Phase? before = replaced is null && context.Attaches(target.Table) ? Phase.AlterColumns : null;
        if (target.Obj is DbConstraint key)
        {
            ConstraintComparer.AddConstraint(context, change, key, before);
        }
        else
        {
            ConstraintComparer.CreateIndex(context, change, (DbIndex)target.Obj, concurrently: false, before);
        }

        context.Emit(
            change, Phase.IndexSettings, StatementAction.Alter, target.Obj.Key + "#attach",
            DdlWriter.AttachIndex(target.Parent, target.Table.Schema, target.Name), requires: [target.Obj.Key, ParentObjectKey(context.To, IndexKey(target.Parent)), .. reattach]);
    }

    private static void Settings(DiffContext context, AttachedIndex from, AttachedIndex to)
    {
        SettingsComparer.CompareIndex(context, to.Obj, to.Table, to.Name, from.Settings, to.Settings, to.IsConstraint);
        Matching.CompareComment(context, to.Obj, Comment(from.Obj), Comment(to.Obj));
    }

    /// <summary>
    /// The attached indexes and keys of a snapshot. A plain index's storage parameters (in its definition) are taken
    /// out of its shape into its settings: a partition's index keeps parameters of its own, set with ALTER INDEX.
    /// </summary>
    private static IEnumerable<AttachedIndex> Attached(SchemaSnapshot snapshot) =>
        snapshot.Indexes.Where(i => i.ParentIndex is not null)
            .Select(i =>
            {
                var (rest, options) = ConstraintComparer.SplitOptions(i.Definition);
                var settings = (i.Settings ?? DbIndexSettings.None) with { Options = options.ToValueList() };
                return new AttachedIndex(i, i.Table, i.Name, i.ParentIndex!.Value, IndexShape(i, rest), false, settings);
            })
            .Concat(snapshot.Constraints.Where(c => c.ParentIndex is not null)
                .Select(c => new AttachedIndex(c, c.Table, c.Name, c.ParentIndex!.Value, c.Definition, true, c.Index)));

    /// <summary>An index's definition (without its storage parameters) without its name and table: what two attached
    /// indexes must share to be one renamed.</summary>
    private static string IndexShape(DbIndex index, string definition)
    {
        var at = definition.IndexOf(" USING ", StringComparison.Ordinal);
        return (index.Unique ? "unique" : string.Empty) + (at < 0 ? definition : definition[at..]);
    }

    /// <summary>
    /// The storage parameters of the target's index <paramref name="indexKey"/> (a key's or a plain one's), which the
    /// server gives the partitions' indexes it makes for it.
    /// </summary>
    private static ValueList<string> ParentOptions(SchemaSnapshot snapshot, string indexKey) =>
        snapshot.Constraints.FirstOrDefault(c => c.IndexKey == indexKey) is { } key
            ? key.Index?.Options ?? ValueList<string>.Empty
            : snapshot.Indexes.FirstOrDefault(i => i.Key == indexKey) is { } index
                ? ConstraintComparer.SplitOptions(index.Definition).Options.ToValueList()
                : ValueList<string>.Empty;

    private static string IndexKey(QualifiedName index) => "index:" + index.Schema + "." + index.Name;

    /// <summary>The key of the object behind an index key: the index itself, or the constraint it belongs to.</summary>
    private static string ParentObjectKey(SchemaSnapshot snapshot, string indexKey) =>
        snapshot.Constraints.FirstOrDefault(c => c.IndexKey == indexKey)?.Key ?? indexKey;

    private static string? Comment(ISchemaObject obj) => obj switch
    {
        DbIndex i => i.Comment,
        DbConstraint c => c.Comment,
        _ => null,
    };

    private static string Noun(AttachedIndex index) => index.IsConstraint ? "constraint" : "index";

    private sealed record AttachedIndex(ISchemaObject Obj, QualifiedName Table, string Name, QualifiedName Parent, string Shape, bool IsConstraint, DbIndexSettings? Settings);
}
