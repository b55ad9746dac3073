using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Table constraints and indexes.</summary>
internal static class ConstraintComparer
{
    public static void Compare(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Constraints, c.To.Constraints);
        var changed = both.Where(p => p.From with { Comment = null } != p.To with { Comment = null }).ToList();

        // Keys rebuilt or dropped take the foreign keys that reference their table with them.
        foreach (var key in removed.Concat(changed.Select(p => p.From)).Where(k => k.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique))
        {
            foreach (var fk in c.From.Constraints.Where(x => x.ConstraintKind == ConstraintKind.ForeignKey && x.ReferencedTable == key.Table))
            {
                c.RecreateConstraints.Add(fk.Key);
            }
        }

        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-" + Name(x), ChangeType.Added, null, x.Definition, $"{Describe(x)} added: {x.Definition}", AddSeverity(c, x), AddHazards(x)),
                [(Add(x), new SqlStatement(Ddl.AddConstraint(x))), .. CommentOnCreate(x, x.Comment)]);
        }

        // A foreign key on a table that is going away still blocks dropping the key it references: drop it first.
        foreach (var x in removed.Where(x => c.TableDropped(x.Table) && x.ConstraintKind == ConstraintKind.ForeignKey))
        {
            c.AddSupporting(x.Key, Phase.DropForeignKeys, new SqlStatement(Ddl.DropConstraint(x)));
        }

        foreach (var x in removed.Where(x => !c.TableDropped(x.Table)))
        {
            c.Add(ChangeSpec.For(x, "drop-" + Name(x), ChangeType.Removed, x.Definition, null, $"{Describe(x)} dropped", DropSeverity(x), Hazards.AccessExclusiveLock),
                (Drop(x), new SqlStatement(Ddl.DropConstraint(x))));
        }

        foreach (var (f, t) in both)
        {
            var rebuild = f with { Comment = null } != t with { Comment = null };
            if (rebuild && ValidatesOnly(f, t))
            {
                c.Add(ChangeSpec.For(t, "validate-constraint", ChangeType.Modified, f.Definition, t.Definition, $"{Describe(t)}: NOT VALID → validated", Severity.Minor, Hazards.ValidatesRows),
                    (Add(t), new SqlStatement(Ddl.AlterTable(t.Table, "VALIDATE CONSTRAINT " + SqlText.Ident(t.Name)))));
            }
            else if (rebuild || c.RecreateConstraints.Contains(t.Key))
            {
                var statements = new List<(Phase, SqlStatement)> { (Drop(f), new SqlStatement(Ddl.DropConstraint(f))), (Add(t), new SqlStatement(Ddl.AddConstraint(t))) };
                statements.AddRange(CommentOnCreate(t, t.Comment));
                if (rebuild)
                {
                    c.Add(ChangeSpec.For(t, "change-" + Name(t), ChangeType.Modified, f.Definition, t.Definition, $"{Describe(t)}: {f.Definition} → {t.Definition}",
                        t.ConstraintKind is ConstraintKind.ForeignKey or ConstraintKind.PrimaryKey ? Severity.Critical : Severity.Major, AddHazards(t)), [.. statements]);
                }
                else
                {
                    foreach (var (phase, statement) in statements)
                    {
                        c.AddSupporting(t.Key, phase, statement);
                    }
                }

                continue;
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }

        Indexes(c);
    }

    private static void Indexes(DiffContext c)
    {
        var concurrent = c.Options.ConcurrentIndexes;
        var recreatedViews = c.RecreateViews;
        var fromViews = c.From.Views.Select(v => v.Name).ToHashSet();
        var toViews = c.To.Views.Select(v => v.Name).ToHashSet();
        bool OnTargetView(DbIndex index) => toViews.Contains(index.Table);
        bool OnDroppedView(DbIndex index) =>
            fromViews.Contains(index.Table) && (!toViews.Contains(index.Table) || recreatedViews.Contains("view:" + index.Table));
        var (added, removed, both) = Match(c.From.Indexes, c.To.Indexes);
        foreach (var x in added)
        {
            var onNewRelation = !c.FromTables.ContainsKey(x.Table) && !fromViews.Contains(x.Table);
            var phase = OnTargetView(x) ? Phase.CreateViewIndexes : Phase.CreateIndexes;
            c.Add(ChangeSpec.For(x, "add-index", ChangeType.Added, null, x.Definition, $"index {x.DisplayName} added", Severity.Minor,
                    onNewRelation || concurrent ? Hazards.None : Hazards.BlocksWrites),
                [(phase, new SqlStatement(Ddl.CreateIndex(x, concurrent && !onNewRelation), Transactional: !(concurrent && !onNewRelation))), .. CommentOnCreate(x, x.Comment)]);
        }

        foreach (var x in removed.Where(x => !c.TableDropped(x.Table) && !OnDroppedView(x)))
        {
            c.Add(ChangeSpec.For(x, "drop-index", ChangeType.Removed, x.Definition, null, $"index {x.DisplayName} dropped", Severity.Major,
                    concurrent ? Hazards.None : Hazards.AccessExclusiveLock),
                (Phase.DropIndexes, new SqlStatement(Ddl.DropIndex(x, concurrent), Transactional: !concurrent)));
        }

        foreach (var (f, t) in both)
        {
            var onRecreatedView = OnTargetView(t) && recreatedViews.Contains("view:" + t.Table);
            if (f.Definition != t.Definition || (!f.Valid && t.Valid))
            {
                c.Add(ChangeSpec.For(t, "change-index", ChangeType.Modified, f.Definition + (f.Valid ? string.Empty : " (INVALID)"), t.Definition,
                        $"index {t.DisplayName}: {f.Definition} → {t.Definition}", Severity.Major, concurrent ? Hazards.None : Hazards.AccessExclusiveLock | Hazards.BlocksWrites),
                    [.. onRecreatedView ? Array.Empty<(Phase, SqlStatement)>() : [(Phase.DropIndexes, new SqlStatement(Ddl.DropIndex(f, concurrent), Transactional: !concurrent))],
                     (OnTargetView(t) ? Phase.CreateViewIndexes : Phase.CreateIndexes, new SqlStatement(Ddl.CreateIndex(t, concurrent), Transactional: !concurrent)),
                     .. CommentOnCreate(t, t.Comment)]);
            }
            else if (onRecreatedView)
            {
                c.AddSupporting(t.Key, Phase.CreateViewIndexes, new SqlStatement(Ddl.CreateIndex(t, concurrently: false)));
                if (t.Comment is not null)
                {
                    c.AddSupporting(t.Key, Phase.Comments, new SqlStatement(Ddl.Comment(t, t.Comment)));
                }
            }
            else
            {
                CommentChange(c, f, t, f.Comment, t.Comment);
            }
        }
    }

    /// <summary>The target is the source's NOT VALID constraint, validated.</summary>
    private static bool ValidatesOnly(DbConstraint f, DbConstraint t) =>
        !f.Validated && t.Validated && f.Definition == t.Definition + " NOT VALID";

    private static Phase Add(DbConstraint x) => x.ConstraintKind == ConstraintKind.ForeignKey ? Phase.AddForeignKeys : Phase.AddConstraints;

    private static Phase Drop(DbConstraint x) => x.ConstraintKind == ConstraintKind.ForeignKey ? Phase.DropForeignKeys : Phase.DropConstraints;

    private static string Name(DbConstraint x) => x.ConstraintKind switch
    {
        ConstraintKind.PrimaryKey => "primary-key",
        ConstraintKind.ForeignKey => "foreign-key",
        ConstraintKind.Unique => "unique-constraint",
        ConstraintKind.Check => "check-constraint",
        _ => "exclusion-constraint",
    };

    private static string Describe(DbConstraint x) => Name(x).Replace('-', ' ') + " " + x.DisplayName;

    private static Severity AddSeverity(DiffContext c, DbConstraint x) =>
        c.TableCreated(x.Table) ? Severity.Minor : Severity.Major;

    private static Severity DropSeverity(DbConstraint x) => x.ConstraintKind switch
    {
        ConstraintKind.PrimaryKey or ConstraintKind.ForeignKey or ConstraintKind.Unique => Severity.Critical,
        _ => Severity.Major,
    };

    private static Hazards AddHazards(DbConstraint x) => x.ConstraintKind switch
    {
        ConstraintKind.ForeignKey => x.Validated ? Hazards.ValidatesRows : Hazards.None,
        ConstraintKind.Check => Hazards.AccessExclusiveLock | (x.Validated ? Hazards.ValidatesRows : Hazards.None),
        _ => Hazards.AccessExclusiveLock | Hazards.BlocksWrites | Hazards.ValidatesRows,
    };
}
