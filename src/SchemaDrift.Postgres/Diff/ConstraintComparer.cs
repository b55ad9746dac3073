using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Constraints and indexes. A changed definition is dropped and added again (a NOT VALID constraint that became
/// valid is only validated). On a table the script creates, they are part of that change; on a table it drops,
/// they go with it.
/// </summary>
internal static class ConstraintComparer
{
    public static void Compare(DiffContext context)
    {
        Constraints(context);
        Indexes(context);
        PartitionIndexes.Compare(context);
    }

    private static void Constraints(DiffContext context)
    {
        var (added, removed, both) = Match(
            context.From.Constraints.Where(c => c.ParentIndex is null || context.KeepsAfterDetach(c.Table, c.ParentIndex)), context.To.Constraints.Where(c => c.ParentIndex is null || context.KeptThroughAttach(c)),
            (from, to) => context.NewRelation(to.Table) is null && SchemaEquality.Same(from, to) && !context.Recreate.ContainsKey(from.Key));
        foreach (var constraint in added)
        {
            var owner = context.NewRelation(constraint.Table) ?? context.AddChange(
                constraint, ChangeKind.AddConstraint, ChangeType.Added, ChangeClassifier.AddConstraint(constraint),
                $"{Noun(constraint)} {constraint.DisplayName} added", after: constraint.Definition);
            AddConstraint(context, owner, constraint);
        }

        foreach (var constraint in removed.Where(c => !context.IsGone(c.Table)))
        {
            var change = context.AddChange(
                constraint, ChangeKind.DropConstraint, ChangeType.Removed, ChangeClassifier.DropConstraint(constraint),
                $"{Noun(constraint)} {constraint.DisplayName} dropped", before: constraint.Definition);
            DropConstraint(context, change, constraint, AfterDetach(context, constraint.ParentIndex, constraint.Table));
        }

        foreach (var (from, to) in both)
        {
            if (context.NewRelation(to.Table) is { } owner)
            {
                AddConstraint(context, owner, to);
                continue;
            }

            if (SchemaEquality.Same(from, to) && !context.Recreate.ContainsKey(from.Key))
            {
                continue;
            }

            var same = (to with { Comment = from.Comment, Index = from.Index, ParentIndex = from.ParentIndex }).Equals(from);
            if (same && !context.Recreate.ContainsKey(from.Key) && context.KeyOptionsFixed(from, to))
            {
                var (before, after) = (string.Join(", ", from.Index?.Options ?? []), string.Join(", ", to.Index?.Options ?? []));
                var change = context.AddChange(
                    to, ChangeKind.ChangeConstraint, ChangeType.Modified, ChangeClassifier.ChangeConstraint(to),
                    $"{Noun(to)} {to.DisplayName}: storage parameters ({before}) → ({after}), which the key of a partitioned table takes only when it is added",
                    before, after);
                DropConstraint(context, change, from);
                AddConstraint(context, change, to);
            }
            else if (same && !context.Recreate.ContainsKey(from.Key))
            {
                CompareComment(context, to, from.Comment, to.Comment);
                SettingsComparer.CompareIndex(context, to, to.Table, to.Name, from.Index, to.Index, key: true);
            }
            else if (!from.Validated && to.Validated && from.Definition == to.Definition + " NOT VALID" && !context.Recreate.ContainsKey(from.Key))
            {
                var change = context.AddChange(
                    to, ChangeKind.ValidateConstraint, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.ValidateConstraint),
                    $"{Noun(to)} {to.DisplayName}: NOT VALID → validated", from.Definition, to.Definition);
                context.Emit(change, AddPhase(to), StatementAction.Alter, to.Key, DdlWriter.ValidateConstraint(to));
                CompareComment(context, to, from.Comment, to.Comment);
            }
            else
            {
                Owner recreateOwner = same ? context.RecreateOwner(from.Key) : context.AddChange(
                    to, ChangeKind.ChangeConstraint, ChangeType.Modified, ChangeClassifier.ChangeConstraint(to),
                    $"{Noun(to)} {to.DisplayName}: {from.Definition} → {to.Definition}", from.Definition, to.Definition);
                DropConstraint(context, recreateOwner, from);
                AddConstraint(context, recreateOwner, to);
            }
        }
    }

    public static void AddConstraint(DiffContext context, Owner owner, DbConstraint constraint, Phase? phase = null)
    {
        context.CreatedIndexes.Add(constraint.IndexKey);
        var partitioned = context.PartitionedInTarget(constraint.Table);
        context.Emit(
            owner, phase ?? AddPhase(constraint), StatementAction.Create, constraint.Key,
            DdlWriter.AddConstraint(constraint, partitioned ? constraint.Index?.Options : null), requires: context.ChecksAfterJoin.GetValueOrDefault(constraint.Key));
        CommentOnCreate(context, owner, constraint, constraint.Comment);
        if (constraint.Index is not null)
        {
            SettingsComparer.CreateIndex(context, owner, constraint, constraint.Table, constraint.Name, constraint.Index, key: true);
        }
    }

    public static void DropConstraint(DiffContext context, Owner owner, DbConstraint constraint, IReadOnlyList<string>? requires = null)
    {
        context.DroppedIndexes.Add(constraint.IndexKey);
        var phase = constraint.ConstraintKind == ConstraintKind.ForeignKey ? Phase.DropForeignKeys : Phase.DropConstraints;

        // A parent's check constraint goes from its children too: one that a child moving to a new parent keeps
        // waits until the child has left.
        var leftBy = constraint.ConstraintKind == ConstraintKind.Check ? context.LeftLateBy(constraint.Table) : [];
        if (leftBy.Count > 0)
        {
            (phase, requires) = (Phase.LateDrops, [.. requires ?? [], .. leftBy]);
        }

        context.Emit(owner, phase, StatementAction.Drop, constraint.Key, DdlWriter.DropConstraint(constraint), requires: requires);
    }

    private static Phase AddPhase(DbConstraint constraint) =>
        constraint.ConstraintKind == ConstraintKind.ForeignKey ? Phase.AddForeignKeys : Phase.AddConstraints;

    private static string Noun(DbConstraint constraint) => constraint.ConstraintKind switch
    {
        ConstraintKind.PrimaryKey => "primary key",
        ConstraintKind.ForeignKey => "foreign key",
        ConstraintKind.Unique => "unique constraint",
        ConstraintKind.Check => "check constraint",
        _ => "exclusion constraint",
    };

    private static void Indexes(DiffContext context)
    {
        var (added, removed, both) = Match(
            context.From.Indexes.Where(i => i.ParentIndex is null || context.KeepsAfterDetach(i.Table, i.ParentIndex)), context.To.Indexes.Where(i => i.ParentIndex is null || context.KeptThroughAttach(i)),
            (from, to) => context.NewRelation(to.Table) is null && SchemaEquality.Same(from, to) && !context.Recreate.ContainsKey(from.Key));
        foreach (var index in added)
        {
            var owner = context.NewRelation(index.Table);
            var concurrently = owner is null && Concurrently(context, context.ToTables, index);
            var ownerOrChange = owner ?? context.AddChange(
                index, ChangeKind.AddIndex, ChangeType.Added, ChangeClassifier.AddIndex(concurrently),
                $"index {index.DisplayName} added", after: index.Definition);
            CreateIndex(context, ownerOrChange, index, concurrently);
        }

        foreach (var index in removed.Where(i => !context.IsGone(i.Table)))
        {
            var concurrently = Concurrently(context, context.FromTables, index);
            var change = context.AddChange(
                index, ChangeKind.DropIndex, ChangeType.Removed, ChangeClassifier.DropIndex(concurrently),
                $"index {index.DisplayName} dropped", before: index.Definition);
            DropIndex(context, change, index, concurrently, AfterDetach(context, index.ParentIndex, index.Table));
        }

        foreach (var (from, to) in both)
        {
            if (context.NewRelation(to.Table) is { } owner)
            {
                CreateIndex(context, owner, to, concurrently: false);
                continue;
            }

            if (SchemaEquality.Same(from, to) && !context.Recreate.ContainsKey(from.Key))
            {
                continue;
            }

            var same = (to with { Comment = from.Comment, Settings = from.Settings, ParentIndex = from.ParentIndex }).Equals(from);
            // A partitioned index takes its storage parameters only when it is created.
            var options = same || context.PartitionedInTarget(to.Table) ? null : OnlyOptionsDiffer(from, to);
            if ((same || options is not null) && !context.Recreate.ContainsKey(from.Key))
            {
                CompareComment(context, to, from.Comment, to.Comment);
                SettingsComparer.CompareIndex(
                    context, to, to.Table, to.Name,
                    (from.Settings ?? DbIndexSettings.None) with { Options = options?.From ?? ValueList<string>.Empty },
                    (to.Settings ?? DbIndexSettings.None) with { Options = options?.To ?? ValueList<string>.Empty },
                    key: false);
                continue;
            }

            var concurrently = Concurrently(context, context.ToTables, to) && Concurrently(context, context.FromTables, from);
            Owner recreateOwner = same ? context.RecreateOwner(from.Key) : context.AddChange(
                to, ChangeKind.ChangeIndex, ChangeType.Modified, ChangeClassifier.ChangeIndex(concurrently),
                $"index {to.DisplayName}: {from.Definition}{(from.Valid ? string.Empty : " (invalid)")} → {to.Definition}", from.Definition, to.Definition);
            DropIndex(context, recreateOwner, from, concurrently);
            CreateIndex(context, recreateOwner, to, concurrently);
        }
    }

    /// <summary>
    /// When two definitions of an index differ only in their storage parameters (WITH (...), which pg_get_indexdef
    /// prints for a plain index): the parameters of each, in order, which ALTER INDEX sets without building the index
    /// again; else null. A BRIN index reads pages_per_range only when it is built: a change of it builds it again.
    /// </summary>
    internal static (ValueList<string> From, ValueList<string> To)? OnlyOptionsDiffer(DbIndex from, DbIndex to)
    {
        var (fromRest, fromOptions) = SplitOptions(from.Definition);
        var (toRest, toOptions) = SplitOptions(to.Definition);
        if (fromRest != toRest || (fromOptions.Count == 0 && toOptions.Count == 0)
            || !(to with { Definition = from.Definition, Comment = from.Comment, Settings = from.Settings, ParentIndex = from.ParentIndex }).Equals(from))
        {
            return null;
        }

        static string? PagesPerRange(List<string> options) => options.Find(o => o.StartsWith("pages_per_range=", StringComparison.Ordinal));
        return PagesPerRange(fromOptions) != PagesPerRange(toOptions) ? null : (fromOptions.ToValueList(), toOptions.ToValueList());
    }

    /// <summary>An index definition without its WITH (...) clause, and the parameters in it (values may be quoted).</summary>
    internal static (string Others, List<string> Options) SplitOptions(string definition)
    {
        const string with = ") WITH (";
        var at = definition.IndexOf(with, StringComparison.Ordinal);
        if (at < 0)
        {
            return (definition, []);
        }

        var options = new List<string>();
        var quoted = false;
        var begin = at + with.Length;
        for (var i = begin; i < definition.Length; i++)
        {
            switch (definition[i])
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    options.Add(definition[begin..i].Trim());
                    begin = i + 1;
                    break;
                case ')' when !quoted:
                    options.Add(definition[begin..i].Trim());
                    return (definition[..(at + 1)] + definition[(i + 1)..], options);
            }
        }

        return (definition, []);
    }

    /// <summary>CONCURRENTLY when asked for, on an existing plain table (partitioned tables refuse it).</summary>
    private static bool Concurrently(DiffContext context, NameMap<DbTable> tables, DbIndex index) =>
        context.Options.ConcurrentIndexes && tables.TryGetValue(index.Table, out var table) && table.TableKind == TableKind.Regular;

    public static void CreateIndex(DiffContext context, Owner owner, DbIndex index, bool concurrently, Phase? phase = null)
    {
        context.CreatedIndexes.Add(index.Key);
        var onView = context.ToViews.ContainsKey(index.Table);
        var partitioned = context.PartitionedInTarget(index.Table);
        context.Emit(
            owner, phase ?? (onView ? Phase.CreateViewIndexes : Phase.CreateIndexes), StatementAction.Create, index.Key,
            DdlWriter.CreateIndex(index, concurrently, partitioned), transactional: !concurrently);
        CommentOnCreate(context, owner, index, index.Comment);
        SettingsComparer.CreateIndex(context, owner, index, index.Table, index.Name, index.Settings, key: false);
    }

    private static void DropIndex(DiffContext context, Owner owner, DbIndex index, bool concurrently, IReadOnlyList<string>? requires = null)
    {
        context.DroppedIndexes.Add(index.Key);
        context.Emit(owner, Phase.DropIndexes, StatementAction.Drop, index.Key, DdlWriter.DropIndex(index, concurrently), transactional: !concurrently, requires: requires);
    }

    /// <summary>
    /// What dropping a partition's index or key attached to its parent's must wait for: the partition's DETACH (the
    /// server refuses to drop it while attached, and leaves it on the partition after).
    /// </summary>
    private static IReadOnlyList<string>? AfterDetach(DiffContext context, QualifiedName? parentIndex, QualifiedName table) =>
        parentIndex is null ? null : [DiffContext.DetachKey(context.ToTables[table])];
}
