using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Composite types. Attributes dropped, re-typed and added are altered in place (ALTER TYPE ... DROP, ALTER, ADD
/// ATTRIBUTE). While a kept column stores the type, the server converts no attribute: those that change, and those
/// after them in the target's order, are dropped and added again (destructive). A type no column stores whose
/// attributes would end up in another order than the target's is dropped and created again.
/// </summary>
internal static class CompositeTypeComparer
{
    public static void Compare(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.CompositeTypes, context.To.CompositeTypes);
        foreach (var type in added)
        {
            var change = context.AddChange(type, ChangeKind.AddCompositeType, ChangeType.Added, Classification.Minor, $"composite type {type.DisplayName} added", after: Describe(type));
            Create(context, change, type);
        }

        foreach (var type in removed)
        {
            var change = context.AddChange(type, ChangeKind.DropCompositeType, ChangeType.Removed, Classification.Major, $"composite type {type.DisplayName} dropped", before: Describe(type));
            context.Emit(change, Phase.DropTypes, StatementAction.Drop, type.Key, DdlWriter.DropType(type.Name));
        }

        foreach (var (from, to) in both)
        {
            var structure = !from.Attributes.Select(a => (a.Name, a.DataType, a.Collation)).SequenceEqual(to.Attributes.Select(a => (a.Name, a.DataType, a.Collation)));
            if (structure)
            {
                Alter(context, from, to);
                continue;
            }

            CompareComment(context, to, from.Comment, to.Comment);
            foreach (var attribute in to.Attributes)
            {
                var before = from.Attributes.First(a => a.Name == attribute.Name).Comment;
                CompareComment(context, to.Key + "." + attribute.Name, ObjectKind.CompositeType, to.DisplayName + "." + attribute.Name, AttributeTarget(to, attribute), before, attribute.Comment);
            }
        }
    }

    private static void Alter(DiffContext context, DbCompositeType from, DbCompositeType to)
    {
        var stored = Stored(context, from);
        var targets = to.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var sources = from.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var (actions, kept, destructive) = stored ? Replace(from, to, targets) : InPlace(from, to, targets);

        var recreate = !stored && !kept.SequenceEqual(to.Attributes.Select(a => a.Name));
        var change = context.AddChange(
            to, ChangeKind.ChangeCompositeType, ChangeType.Modified, destructive ? new Classification(Severity.Critical, Hazards.DeletesData) : Classification.Major,
            $"composite type {to.DisplayName}: {Describe(from)} → {Describe(to)}{(recreate ? "; the type is dropped and created again" : string.Empty)}",
            Describe(from), Describe(to));
        if (recreate)
        {
            context.Emit(change, Phase.DropReplaced, StatementAction.Drop, to.Key, DdlWriter.DropType(from.Name));
            Create(context, change, to);
            return;
        }

        context.Emit(change, Phase.CreateTypes, StatementAction.Alter, to.Key, DdlWriter.AlterType(to.Name, string.Join(", ", actions)), destructive: destructive);
        CompareComment(context, to, from.Comment, to.Comment);
        foreach (var attribute in to.Attributes)
        {
            if (!kept.Contains(attribute.Name))
            {
                // An attribute the ALTER TYPE drops and adds again (a stored type's) gets its comment with it, and is withheld with it.
                if (attribute.Comment is not null)
                {
                    context.Emit(change, Phase.Comments, StatementAction.Alter, to.Key + "." + attribute.Name, DdlWriter.Comment(AttributeTarget(to, attribute), attribute.Comment));
                }

                continue;
            }

            CompareComment(context, to.Key + "." + attribute.Name, ObjectKind.CompositeType, to.DisplayName + "." + attribute.Name, AttributeTarget(to, attribute), sources.GetValueOrDefault(attribute.Name)?.Comment, attribute.Comment);
        }
    }

    /// <summary>
    /// A type no kept column stores: attributes dropped, re-typed in place (ALTER ATTRIBUTE ... TYPE keeps their
    /// position), and added last. Returns the attributes in the order they end up in.
    /// </summary>
    private static (List<string> Actions, List<string> Order, bool Destructive) InPlace(DbCompositeType from, DbCompositeType to, Dictionary<string, DbCompositeAttribute> targets)
    {
        var actions = new List<string>();
        var order = new List<string>();
        foreach (var attribute in from.Attributes)
        {
            if (!targets.TryGetValue(attribute.Name, out var target))
            {
                actions.Add("DROP ATTRIBUTE " + SqlText.Ident(attribute.Name));
                continue;
            }

            if (!SameType(attribute, target))
            {
                actions.Add("ALTER ATTRIBUTE " + SqlText.Ident(attribute.Name) + " TYPE " + DdlWriter.Attribute(target)[(SqlText.Ident(target.Name).Length + 1)..]);
            }

            order.Add(attribute.Name);
        }

        foreach (var attribute in to.Attributes.Where(a => !order.Contains(a.Name)))
        {
            actions.Add("ADD ATTRIBUTE " + DdlWriter.Attribute(attribute));
            order.Add(attribute.Name);
        }

        return (actions, order, false);
    }

    /// <summary>
    /// A type a kept column stores: the server converts none of its attributes (ALTER ATTRIBUTE ... TYPE is refused), but
    /// drops and adds them, an added one last. The attributes that keep their type stay, as long as they are the
    /// target's first ones in its order; every other one is dropped (its values in the stored rows are lost) and the
    /// rest of the target's added in order, so that the type ends up exactly as the target's (its attributes' order
    /// is the order of ROW(...) values).
    /// </summary>
    private static (List<string> Actions, List<string> Order, bool Destructive) Replace(DbCompositeType from, DbCompositeType to, Dictionary<string, DbCompositeAttribute> targets)
    {
        var unchanged = from.Attributes.Where(a => targets.TryGetValue(a.Name, out var target) && SameType(a, target)).Select(a => a.Name).ToList();
        var kept = 0;
        while (kept < unchanged.Count && kept < to.Attributes.Count && unchanged[kept] == to.Attributes[kept].Name)
        {
            kept++;
        }

        var keep = unchanged.Take(kept).ToHashSet(StringComparer.Ordinal);
        var actions = from.Attributes.Where(a => !keep.Contains(a.Name)).Select(a => "DROP ATTRIBUTE " + SqlText.Ident(a.Name)).ToList();
        actions.AddRange(to.Attributes.Skip(kept).Select(a => "ADD ATTRIBUTE " + DdlWriter.Attribute(a)));
        return (actions, [.. unchanged.Take(kept)], from.Attributes.Count > kept);
    }

    private static bool SameType(DbCompositeAttribute a, DbCompositeAttribute b) => a.DataType == b.DataType && a.Collation == b.Collation;

    /// <summary>
    /// Whether a column the script keeps (its table and name are in both snapshots) stores the type when the type is
    /// altered: as its type, an array of it, a domain over it, or inside another composite type it stores (the server
    /// looks through all of those). Columns the script drops are gone by then; columns it re-types still have their
    /// old type.
    /// </summary>
    private static bool Stored(DiffContext context, DbCompositeType type)
    {
        var holding = new HashSet<string>(StringComparer.Ordinal) { type.Name.Sql };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var composite in context.From.CompositeTypes.Where(c => !holding.Contains(c.Name.Sql) && c.Attributes.Any(a => holding.Contains(DiffAnalysis.ElementType(a.DataType)))))
            {
                grew |= holding.Add(composite.Name.Sql);
            }

            foreach (var domain in context.From.Domains.Where(d => !holding.Contains(d.Name.Sql) && holding.Contains(DiffAnalysis.ElementType(d.DataType))))
            {
                grew |= holding.Add(domain.Name.Sql);
            }
        }

        return context.From.Tables.Any(table => context.ToTables.TryGetValue(table.Name, out var kept) && table.Columns.Any(column =>
            holding.Contains(DiffAnalysis.ElementType(column.DataType)) && kept.Columns.Any(c => c.Name == column.Name)));
    }

    private static void Create(DiffContext context, ChangeBuilder change, DbCompositeType type)
    {
        context.Emit(change, Phase.CreateTypes, StatementAction.Create, type.Key, DdlWriter.CreateCompositeType(type));
        CommentOnCreate(context, change, type, type.Comment);
        foreach (var attribute in type.Attributes.Where(a => a.Comment is not null))
        {
            context.Emit(change, Phase.Comments, StatementAction.Alter, type.Key, DdlWriter.Comment(AttributeTarget(type, attribute), attribute.Comment));
        }
    }

    private static string AttributeTarget(DbCompositeType type, DbCompositeAttribute attribute) => DdlWriter.ColumnCommentTarget(type.Name, attribute.Name);

    private static string Describe(DbCompositeType type) => "(" + string.Join(", ", type.Attributes.Select(DdlWriter.Attribute)) + ")";
}
