using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Views and materialized views. A view whose new columns extend the old ones is replaced in place (CREATE OR
/// REPLACE VIEW); a materialized view whose options alone change is altered (ALTER MATERIALIZED VIEW ... SET);
/// otherwise, and for other changes of materialized views, it is dropped and created again, and so are the views
/// and routines that depend on it (<see cref="DiffAnalysis"/>) and its indexes, triggers and comments.
/// </summary>
internal static class ViewComparer
{
    public static void Compare(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Views, context.To.Views);
        foreach (var view in added)
        {
            var change = context.AddChange(
                view, ChangeKinds.Add(view.Kind), ChangeType.Added, ChangeClassifier.Of(ChangeKinds.Add(view.Kind)),
                $"{Describe(view)} added", after: view.Definition);
            CreateView(context, change, view);
        }

        foreach (var view in removed)
        {
            var change = context.AddChange(
                view, ChangeKinds.Drop(view.Kind), ChangeType.Removed, ChangeClassifier.Of(ChangeKinds.Drop(view.Kind)),
                $"{Describe(view)} dropped", before: view.Definition);
            context.Emit(change, Phase.DropViews, StatementAction.Drop, view.Key, DdlWriter.DropView(view));
        }

        foreach (var (from, to) in both)
        {
            var changed = DiffAnalysis.ViewDefinitionDiffers(from, to);
            if (context.Recreate.ContainsKey(from.Key))
            {
                Owner owner = changed ? ChangeView(context, from, to, "dropped and created again") : context.RecreateOwner(from.Key);
                context.Emit(owner, Phase.DropViews, StatementAction.Drop, from.Key, DdlWriter.DropView(from));
                CreateView(context, owner, to);
                continue;
            }

            if (changed && to.Materialized && DiffAnalysis.OnlyViewOptionsDiffer(from, to))
            {
                // Its contents and indexes stay: only the options are set.
                var change = ChangeView(context, from, to, "altered");
                foreach (var action in DdlWriter.OptionChanges(from.Options, to.Options))
                {
                    context.Emit(change, Phase.CreateViewsAndRoutines, StatementAction.Alter, to.Key, $"ALTER MATERIALIZED VIEW {to.Name.Sql} {action};");
                }
            }
            else if (changed)
            {
                var change = ChangeView(context, from, to, "replaced");
                context.Emit(change, Phase.CreateViewsAndRoutines, StatementAction.Alter, to.Key, DdlWriter.CreateView(to, orReplace: true));
            }

            if (from.Materialized && to.Materialized)
            {
                SettingsComparer.CompareMaterializedView(context, from, to);
            }

            CompareComment(context, to, from.Comment, to.Comment);
            foreach (var column in to.Columns)
            {
                var before = from.Columns.FirstOrDefault(c => c.Name == column.Name)?.Comment;
                CompareComment(context, ColumnKey(to, column), ObjectKind.Column, to.Name + "." + column.Name, DdlWriter.ColumnCommentTarget(to.Name, column.Name), before, column.Comment);
            }
        }
    }

    private static ChangeBuilder ChangeView(DiffContext context, DbView from, DbView to, string how) =>
        context.AddChange(
            to, ChangeKinds.Change(to.Kind), ChangeType.Modified, ChangeClassifier.Of(ChangeKinds.Change(to.Kind)),
            from.Materialized != to.Materialized ? $"{Describe(from)} becomes a {Noun(to.Kind)}; {how}"
            : from.Definition == to.Definition && from.Options != to.Options ? $"{Describe(to)}: options ({string.Join(", ", from.Options)}) → ({string.Join(", ", to.Options)}); {how}"
            : $"{Describe(to)}: definition changed; {how}",
            from.Options == to.Options ? from.Definition : Options(from) + from.Definition,
            from.Options == to.Options ? to.Definition : Options(to) + to.Definition);

    private static string Options(DbView view) => view.Options.IsEmpty ? string.Empty : $"WITH ({string.Join(", ", view.Options)})";

    /// <summary>CREATE [MATERIALIZED] VIEW with its comments; its indexes and triggers follow (<see cref="DiffContext.NewRelations"/>).</summary>
    private static void CreateView(DiffContext context, Owner owner, DbView view)
    {
        context.NewRelations[view.Key] = new CreatedRelation(owner);
        context.Emit(owner, Phase.CreateViewsAndRoutines, StatementAction.Create, view.Key, DdlWriter.CreateView(view, orReplace: false));
        CommentOnCreate(context, owner, view, view.Comment);
        foreach (var column in view.Columns.Where(c => c.Comment is not null))
        {
            context.Emit(
                owner, Phase.Comments, StatementAction.Alter, ColumnKey(view, column),
                DdlWriter.Comment(DdlWriter.ColumnCommentTarget(view.Name, column.Name), column.Comment), requires: [view.Key]);
        }

        if (view.Materialized)
        {
            SettingsComparer.CreateMaterializedView(context, owner, view);
        }
    }

    private static string ColumnKey(DbView view, DbViewColumn column) => "column:" + view.Name + "." + column.Name;
}
