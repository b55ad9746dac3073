using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Composite types. Attributes dropped, re-typed and added are altered in place (ALTER TYPE ... DROP, ALTER, ADD
/// ATTRIBUTE); an attribute whose type changes while a table column uses the type is dropped and added again
/// (destructive: the server refuses to convert it). A type whose attributes end up in another order than the
/// target's is dropped and created again when no column uses it.
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
        var used = context.From.Tables.SelectMany(t => t.Columns).Any(c => DiffAnalysis.ElementType(c.DataType) == from.Name.Sql);
        var targets = to.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var sources = from.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var actions = new List<string>();
        var order = new List<string>();
        var destructive = false;
        foreach (var attribute in from.Attributes)
        {
            if (!targets.TryGetValue(attribute.Name, out var target))
            {
                actions.Add("DROP ATTRIBUTE " + SqlText.Ident(attribute.Name));
                destructive |= used;
            }
            else if (target.DataType != attribute.DataType || target.Collation != attribute.Collation)
            {
                if (used)
                {
                    actions.Add("DROP ATTRIBUTE " + SqlText.Ident(attribute.Name));
                    destructive = true;
                }
                else
                {
                    actions.Add("ALTER ATTRIBUTE " + SqlText.Ident(attribute.Name) + " TYPE " + DdlWriter.Attribute(target)[(SqlText.Ident(target.Name).Length + 1)..]);
                    order.Add(attribute.Name);
                }
            }
            else
            {
                order.Add(attribute.Name);
            }
        }

        foreach (var attribute in to.Attributes.Where(a => !sources.ContainsKey(a.Name) || !order.Contains(a.Name)))
        {
            actions.Add("ADD ATTRIBUTE " + DdlWriter.Attribute(attribute));
            order.Add(attribute.Name);
        }

        var recreate = !used && !order.SequenceEqual(to.Attributes.Select(a => a.Name));
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
            var before = sources.TryGetValue(attribute.Name, out var source) && order.Contains(attribute.Name) ? source.Comment : null;
            CompareComment(context, to.Key + "." + attribute.Name, ObjectKind.CompositeType, to.DisplayName + "." + attribute.Name, AttributeTarget(to, attribute), before, attribute.Comment);
        }
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
