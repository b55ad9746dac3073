using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Functions, procedures, aggregates, views, materialized views and triggers.</summary>
internal static class RoutineComparer
{
    private static readonly string[] EarlyDependents = ["column:", "constraint:", "type:", "table:", "sequence:"];

    /// <summary>
    /// Decides, before anything is emitted, which views and triggers must be dropped and created again: those
    /// whose own definition cannot be replaced in place, and everything depending on them or on rebuilt functions.
    /// </summary>
    public static void PlanRecreations(DiffContext c)
    {
        var (_, _, views) = Match(c.From.Views, c.To.Views);
        foreach (var (f, t) in views.Where(p => Changed(p.From, p.To) && !Replaceable(p.From, p.To)))
        {
            c.RecreateViews.Add(t.Key);
        }

        var (_, removedFunctions, functions) = Match(c.From.Functions, c.To.Functions);
        foreach (var f in functions.Where(p => NeedsDrop(p.From, p.To)).Select(p => p.From).Concat(removedFunctions))
        {
            foreach (var dependent in c.DependentsInSource(f.Key))
            {
                if (dependent.StartsWith("view:", StringComparison.Ordinal))
                {
                    c.RecreateViews.Add(dependent);
                }
                else if (dependent.StartsWith("trigger:", StringComparison.Ordinal))
                {
                    c.RecreateTriggers.Add(dependent);
                }
            }
        }

        // Views depending on a view that is dropped or re-created go with it.
        foreach (var view in c.RecreateViews.ToList().Concat(Match(c.From.Views, c.To.Views).Removed.Select(v => v.Key)))
        {
            foreach (var dependent in c.DependentsInSource(view).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
            {
                c.RecreateViews.Add(dependent);
            }
        }
    }

    public static void Compare(DiffContext c)
    {
        Functions(c);
        Views(c);
        Triggers(c);
    }

    private static void Functions(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Functions, c.To.Functions);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-" + Noun(x), ChangeType.Added, null, Returns(x), $"{Noun(x)} {x.DisplayName} added", Severity.Minor),
                [(CreatePhase(c, x), new SqlStatement(Ddl.CreateFunction(x))), .. CommentOnCreate(x, x.Comment)]);
        }

        foreach (var x in removed)
        {
            c.Add(ChangeSpec.For(x, "drop-" + Noun(x), ChangeType.Removed, Returns(x), null, $"{Noun(x)} {x.DisplayName} dropped", Severity.Major),
                (Phase.DropRoutines, new SqlStatement(Ddl.DropFunction(x))));
        }

        foreach (var (f, t) in both)
        {
            if (f.Definition != t.Definition || f.RoutineKind != t.RoutineKind)
            {
                var statements = new List<(Phase, SqlStatement)>();
                if (NeedsDrop(f, t))
                {
                    statements.Add((Phase.DropViews, new SqlStatement(Ddl.DropFunction(f))));
                }

                statements.Add((CreatePhase(c, t), new SqlStatement(Ddl.CreateFunction(t))));
                if (NeedsDrop(f, t))
                {
                    statements.AddRange(CommentOnCreate(t, t.Comment));
                }

                c.Add(ChangeSpec.For(t, "change-" + Noun(t), ChangeType.Modified, f.Definition, t.Definition, $"{Noun(t)} {t.DisplayName}: definition changed", Severity.Major),
                    [.. statements]);
                if (NeedsDrop(f, t))
                {
                    continue;
                }
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static void Views(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Views, c.To.Views);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-" + Noun(x), ChangeType.Added, null, x.Definition.Trim(), $"{Describe(x)} added", Severity.Minor), [.. Create(x, orReplace: false)]);
        }

        foreach (var x in removed)
        {
            c.Add(ChangeSpec.For(x, "drop-" + Noun(x), ChangeType.Removed, x.Definition.Trim(), null, $"{Describe(x)} dropped", Severity.Critical),
                (Phase.DropViews, new SqlStatement(Ddl.DropView(x))));
        }

        foreach (var (f, t) in both)
        {
            var forced = c.RecreateViews.Contains(t.Key);
            if (Changed(f, t))
            {
                var statements = forced
                    ? [(Phase.DropViews, new SqlStatement(Ddl.DropView(f))), .. Create(t, orReplace: false)]
                    : Create(t, orReplace: true).Where(s => s.Item1 != Phase.Comments || f.Comment != t.Comment).ToList();
                c.Add(ChangeSpec.For(t, "change-" + Noun(t), ChangeType.Modified, f.Definition.Trim(), t.Definition.Trim(), $"{Describe(t)}: definition changed", Severity.Major),
                    [.. statements]);
                if (forced)
                {
                    continue;
                }
            }
            else if (forced)
            {
                c.AddSupporting(t.Key, Phase.DropViews, new SqlStatement(Ddl.DropView(f)));
                foreach (var (phase, statement) in Create(t, orReplace: false))
                {
                    c.AddSupporting(t.Key, phase, statement);
                }

                continue;
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
            foreach (var column in t.Columns)
            {
                var before = f.Columns.FirstOrDefault(x => x.Name == column.Name)?.Comment;
                if (before != column.Comment)
                {
                    c.Add(new ChangeSpec("change-comment", ChangeType.Modified, ObjectKind.Column, $"column:{t.Name}.{column.Name}", $"{t.Name}.{column.Name}",
                            before, column.Comment, $"column {t.Name}.{column.Name}: comment changed", Severity.Minor, Hazards.None),
                        (Phase.Comments, new SqlStatement(ViewColumnComment(t, column))));
                }
            }
        }
    }

    private static void Triggers(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Triggers, c.To.Triggers);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-trigger", ChangeType.Added, null, x.Definition, $"trigger {x.DisplayName} added", Severity.Major),
                [.. CreateTrigger(x)]);
        }

        foreach (var x in removed.Where(x => !c.TableDropped(x.Table) && !c.RecreateViews.Contains("view:" + x.Table)))
        {
            c.Add(ChangeSpec.For(x, "drop-trigger", ChangeType.Removed, x.Definition, null, $"trigger {x.DisplayName} dropped", Severity.Major),
                (Phase.DropTriggers, new SqlStatement(Ddl.DropTrigger(x))));
        }

        foreach (var (f, t) in both)
        {
            var onRecreatedView = c.RecreateViews.Contains("view:" + t.Table);
            var forced = c.RecreateTriggers.Contains(t.Key) || onRecreatedView;
            var drop = onRecreatedView ? [] : new[] { (Phase.DropTriggers, new SqlStatement(Ddl.DropTrigger(f))) };
            if (f.Definition != t.Definition)
            {
                c.Add(ChangeSpec.For(t, "change-trigger", ChangeType.Modified, f.Definition, t.Definition, $"trigger {t.DisplayName}: definition changed", Severity.Major),
                    [.. drop, .. CreateTrigger(t)]);
                continue;
            }

            if (forced)
            {
                foreach (var (phase, statement) in drop.Concat(CreateTrigger(t)))
                {
                    c.AddSupporting(t.Key, phase, statement);
                }

                continue;
            }

            if (f.Enabled != t.Enabled)
            {
                c.Add(ChangeSpec.For(t, "alter-trigger-enabled", ChangeType.Modified, Enabled(f.Enabled), Enabled(t.Enabled),
                        $"trigger {t.DisplayName}: {Enabled(f.Enabled)} → {Enabled(t.Enabled)}", Severity.Major),
                    (Phase.CreateTriggers, new SqlStatement(Ddl.TriggerEnabled(t))));
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static List<(Phase, SqlStatement)> CreateTrigger(DbTrigger t)
    {
        var statements = new List<(Phase, SqlStatement)> { (Phase.CreateTriggers, new SqlStatement(Ddl.CreateTrigger(t))) };
        if (t.Enabled != 'O')
        {
            statements.Add((Phase.CreateTriggers, new SqlStatement(Ddl.TriggerEnabled(t))));
        }

        statements.AddRange(CommentOnCreate(t, t.Comment));
        return statements;
    }

    private static List<(Phase, SqlStatement)> Create(DbView v, bool orReplace)
    {
        var statements = new List<(Phase, SqlStatement)> { (Phase.CreateViewsAndFunctions, new SqlStatement(Ddl.CreateView(v, orReplace))) };
        statements.AddRange(CommentOnCreate(v, v.Comment));
        statements.AddRange(v.Columns.Where(x => x.Comment is not null).Select(x => (Phase.Comments, new SqlStatement(ViewColumnComment(v, x)))));
        return statements;
    }

    private static string ViewColumnComment(DbView v, DbViewColumn column) =>
        $"COMMENT ON COLUMN {v.Name.Sql}.{SqlText.Ident(column.Name)} IS {SqlText.Literal(column.Comment)};";

    private static bool Changed(DbView f, DbView t) => f.Definition != t.Definition || f.Options != t.Options || f.Materialized != t.Materialized || f.Columns.Select(x => (x.Name, x.DataType)).SequenceEqual(t.Columns.Select(x => (x.Name, x.DataType))) is false;

    /// <summary>CREATE OR REPLACE VIEW works when the existing columns keep their names, types and order (new ones may follow).</summary>
    private static bool Replaceable(DbView f, DbView t) =>
        !f.Materialized && !t.Materialized && f.Options == t.Options && t.Columns.Count >= f.Columns.Count &&
        f.Columns.Select(x => (x.Name, x.DataType)).SequenceEqual(t.Columns.Take(f.Columns.Count).Select(x => (x.Name, x.DataType)));

    /// <summary>CREATE OR REPLACE cannot change a routine's kind or return type.</summary>
    private static bool NeedsDrop(DbFunction f, DbFunction t) =>
        f.RoutineKind != t.RoutineKind || Returns(f) != Returns(t) || t.RoutineKind == RoutineKind.Aggregate && f.Definition != t.Definition;

    private static string? Returns(DbFunction f) =>
        f.Definition.Split('\n').FirstOrDefault(l => l.StartsWith(" RETURNS ", StringComparison.Ordinal))?.Trim();

    /// <summary>Functions that columns, constraints or types use are created before the tables; the others after them.</summary>
    private static Phase CreatePhase(DiffContext c, DbFunction f) =>
        c.To.Dependencies.Any(d => d.ReferencedKey == f.Key && EarlyDependents.Any(p => d.DependentKey.StartsWith(p, StringComparison.Ordinal)))
            ? Phase.CreateEarlyFunctions
            : Phase.CreateViewsAndFunctions;

    private static string Noun(DbFunction f) => f.RoutineKind switch
    {
        RoutineKind.Procedure => "procedure",
        RoutineKind.Aggregate => "aggregate",
        _ => "function",
    };

    private static string Noun(DbView v) => v.Materialized ? "materialized-view" : "view";

    private static string Describe(DbView v) => (v.Materialized ? "materialized view " : "view ") + v.DisplayName;

    private static string Enabled(char state) => state switch
    {
        'D' => "disabled",
        'R' => "enabled for replica",
        'A' => "always enabled",
        _ => "enabled",
    };
}
