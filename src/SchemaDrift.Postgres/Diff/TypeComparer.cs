using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Schemas, extensions, collations, enums, domains and sequences.</summary>
internal static class TypeComparer
{
    public static void Compare(DiffContext c)
    {
        Schemas(c);
        Extensions(c);
        Collations(c);
        Enums(c);
        Domains(c);
        Sequences(c);
    }

    private static void Schemas(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Schemas, c.To.Schemas);
        foreach (var s in added)
        {
            c.Add(ChangeSpec.For(s, "add-schema", ChangeType.Added, null, s.Name, $"schema {s.Name} added", Severity.Minor),
                [(Phase.CreateSchemas, new SqlStatement($"CREATE SCHEMA {SqlText.Ident(s.Name)};")), .. CommentOnCreate(s, s.Comment)]);
        }

        foreach (var s in removed)
        {
            c.Add(ChangeSpec.For(s, "drop-schema", ChangeType.Removed, s.Name, null, $"schema {s.Name} dropped", Severity.Critical, Hazards.DeletesData),
                (Phase.DropSchemas, new SqlStatement($"DROP SCHEMA {SqlText.Ident(s.Name)};", Destructive: true)));
        }

        foreach (var (f, t) in both)
        {
            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static void Extensions(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Extensions, c.To.Extensions);
        foreach (var e in added)
        {
            c.Add(ChangeSpec.For(e, "add-extension", ChangeType.Added, null, $"{e.Name} {e.Version}", $"extension {e.Name} {e.Version} added", Severity.Minor),
                [(Phase.CreateExtensions, new SqlStatement(Ddl.CreateExtension(e))), .. CommentOnCreate(e, e.Comment)]);
        }

        foreach (var e in removed)
        {
            c.Add(ChangeSpec.For(e, "drop-extension", ChangeType.Removed, $"{e.Name} {e.Version}", null, $"extension {e.Name} dropped", Severity.Major),
                (Phase.DropExtensions, new SqlStatement($"DROP EXTENSION {SqlText.Ident(e.Name)};")));
        }

        foreach (var (f, t) in both)
        {
            if (f.Version != t.Version)
            {
                // Extensions ship upgrade scripts only: going back to an older version means dropping and creating it.
                var downgrade = CompareVersions(t.Version, f.Version) < 0;
                c.Add(ChangeSpec.For(t, "alter-extension-version", ChangeType.Modified, f.Version, t.Version, $"extension {t.Name}: version {f.Version} → {t.Version}", Severity.Major),
                    downgrade
                        ? [(Phase.DropRebuilt, new SqlStatement($"DROP EXTENSION {SqlText.Ident(t.Name)};")), (Phase.CreateExtensions, new SqlStatement(Ddl.CreateExtension(t)))]
                        : [(Phase.CreateExtensions, new SqlStatement($"ALTER EXTENSION {SqlText.Ident(t.Name)} UPDATE TO {SqlText.Literal(t.Version)};"))]);
            }

            if (f.Schema != t.Schema)
            {
                c.Add(ChangeSpec.For(t, "alter-extension-schema", ChangeType.Modified, f.Schema, t.Schema, $"extension {t.Name}: schema {f.Schema} → {t.Schema}", Severity.Major),
                    (Phase.CreateExtensions, new SqlStatement($"ALTER EXTENSION {SqlText.Ident(t.Name)} SET SCHEMA {SqlText.Ident(t.Schema)};")));
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    /// <summary>Compares dotted versions numerically where they are numbers ("1.10" after "1.9").</summary>
    private static int CompareVersions(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length ? x[i] : "0";
            var q = i < y.Length ? y[i] : "0";
            var order = int.TryParse(p, out var m) && int.TryParse(q, out var n) ? m.CompareTo(n) : string.CompareOrdinal(p, q);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static void Collations(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Collations, c.To.Collations);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-collation", ChangeType.Added, null, x.Provider, $"collation {x.DisplayName} added", Severity.Minor),
                [(Phase.CreateCollations, new SqlStatement(Ddl.CreateCollation(x))), .. CommentOnCreate(x, x.Comment)]);
        }

        foreach (var x in removed)
        {
            c.Add(ChangeSpec.For(x, "drop-collation", ChangeType.Removed, x.Provider, null, $"collation {x.DisplayName} dropped", Severity.Major),
                (Phase.DropCollations, new SqlStatement($"DROP COLLATION {x.Name.Sql};")));
        }

        foreach (var (f, t) in both)
        {
            if (f with { Comment = null } != t with { Comment = null })
            {
                c.Add(ChangeSpec.For(t, "change-collation", ChangeType.Modified, f.Locale ?? f.LcCollate, t.Locale ?? t.LcCollate, $"collation {t.DisplayName} changed", Severity.Major),
                    (Phase.DropCollations, new SqlStatement($"DROP COLLATION {f.Name.Sql};")),
                    (Phase.CreateCollations, new SqlStatement(Ddl.CreateCollation(t))));
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static void Enums(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Enums, c.To.Enums);
        foreach (var e in added)
        {
            c.Add(ChangeSpec.For(e, "add-enum", ChangeType.Added, null, string.Join(", ", e.Labels), $"enum {e.DisplayName} added", Severity.Minor),
                [(Phase.CreateTypes, new SqlStatement(Ddl.CreateEnum(e))), .. CommentOnCreate(e, e.Comment)]);
        }

        foreach (var e in removed)
        {
            c.Add(ChangeSpec.For(e, "drop-enum", ChangeType.Removed, string.Join(", ", e.Labels), null, $"enum {e.DisplayName} dropped", Severity.Critical),
                (Phase.DropTypes, new SqlStatement($"DROP TYPE {e.Name.Sql};")));
        }

        foreach (var (f, t) in both)
        {
            if (f.Labels != t.Labels)
            {
                EnumLabels(c, f, t);
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    /// <summary>
    /// Labels only added (in any position): ALTER TYPE ... ADD VALUE. Removed or reordered labels: rename the old
    /// type, create the new one, convert every column through text, drop the old type.
    /// </summary>
    private static void EnumLabels(DiffContext c, DbEnum f, DbEnum t)
    {
        var before = string.Join(", ", f.Labels);
        var after = string.Join(", ", t.Labels);
        var kept = t.Labels.Where(l => f.Labels.Contains(l)).ToList();
        if (kept.SequenceEqual(f.Labels))
        {
            var statements = new List<(Phase, SqlStatement)>();
            for (var i = 0; i < t.Labels.Count; i++)
            {
                var label = t.Labels[i];
                if (f.Labels.Contains(label))
                {
                    continue;
                }

                var next = t.Labels.Skip(i + 1).FirstOrDefault(l => f.Labels.Contains(l));
                var position = next is not null ? $" BEFORE {SqlText.Literal(next)}" : i > 0 ? $" AFTER {SqlText.Literal(t.Labels[i - 1])}" : string.Empty;
                // A new label cannot be used in the transaction that adds it: run it on its own.
                statements.Add((Phase.CreateTypes, new SqlStatement($"ALTER TYPE {t.Name.Sql} ADD VALUE {SqlText.Literal(label)}{position};", Transactional: false)));
            }

            c.Add(ChangeSpec.For(t, "add-enum-label", ChangeType.Modified, before, after, $"enum {t.DisplayName}: labels added ({before} → {after})", Severity.Minor), [.. statements]);
            return;
        }

        var lost = f.Labels.Where(l => !t.Labels.Contains(l)).ToList();
        var old = new QualifiedName(t.Name.Schema, t.Name.Name + "__old");
        var columns = c.To.Tables.SelectMany(x => x.Columns)
            .Where(col => col.DataType == t.Name.Sql || col.DataType == t.Name.Sql + "[]" || col.DataType == t.Name.Name || col.DataType == t.Name.Name + "[]")
            .Where(col => c.FromTables.TryGetValue(col.Table, out var ft) && ft.FindColumn(col.Name) is not null)
            .ToList();
        var steps = new List<(Phase, SqlStatement)>
        {
            (Phase.CreateTypes, new SqlStatement($"ALTER TYPE {t.Name.Sql} RENAME TO {SqlText.Ident(old.Name)};")),
            (Phase.CreateTypes, new SqlStatement(Ddl.CreateEnum(t))),
        };
        foreach (var column in columns)
        {
            var array = column.DataType.EndsWith("[]", StringComparison.Ordinal);
            var target = t.Name.Sql + (array ? "[]" : string.Empty);
            if (column.Default is not null)
            {
                steps.Add((Phase.CreateTypes, new SqlStatement(Ddl.AlterColumn(column, "DROP DEFAULT"))));
            }

            steps.Add((Phase.CreateTypes, new SqlStatement(
                Ddl.AlterColumn(column, $"TYPE {target} USING {SqlText.Ident(column.Name)}::text{(array ? "[]" : string.Empty)}::{target}"),
                Destructive: lost.Count > 0)));
            if (column.Default is not null)
            {
                steps.Add((Phase.CreateTypes, new SqlStatement(Ddl.AlterColumn(column, "SET DEFAULT " + column.Default))));
            }

            foreach (var view in c.DependentsInSource(column.Key).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
            {
                c.RecreateViews.Add(view);
            }
        }

        // Views that use the type itself (a cast to it, a column of it) are re-created with it.
        foreach (var view in c.DependentsInSource(f.Key).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
        {
            c.RecreateViews.Add(view);
        }

        // Dropped after the tables that are going away, whose columns may still use it.
        steps.Add((Phase.DropTypes, new SqlStatement($"DROP TYPE {old.Sql};")));
        c.Add(ChangeSpec.For(t, lost.Count > 0 ? "drop-enum-label" : "reorder-enum-labels", ChangeType.Modified, before, after,
                lost.Count > 0 ? $"enum {t.DisplayName}: labels removed ({string.Join(", ", lost)})" : $"enum {t.DisplayName}: labels reordered ({before} → {after})",
                lost.Count > 0 ? Severity.Critical : Severity.Major,
                Hazards.RewritesTable | Hazards.AccessExclusiveLock | (lost.Count > 0 ? Hazards.DeletesData : Hazards.None)),
            [.. steps]);
    }

    private static void Domains(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Domains, c.To.Domains);
        foreach (var d in added)
        {
            c.Add(ChangeSpec.For(d, "add-domain", ChangeType.Added, null, d.DataType, $"domain {d.DisplayName} added", Severity.Minor),
                [(Phase.CreateTypes, new SqlStatement(Ddl.CreateDomain(d))), .. CommentOnCreate(d, d.Comment)]);
        }

        foreach (var d in removed)
        {
            c.Add(ChangeSpec.For(d, "drop-domain", ChangeType.Removed, d.DataType, null, $"domain {d.DisplayName} dropped", Severity.Critical),
                (Phase.DropTypes, new SqlStatement($"DROP DOMAIN {d.Name.Sql};")));
        }

        foreach (var (f, t) in both)
        {
            if (f.DataType != t.DataType || f.Collation != t.Collation)
            {
                c.Add(ChangeSpec.For(t, "change-domain-type", ChangeType.Modified, f.DataType, t.DataType, $"domain {t.DisplayName}: type {f.DataType} → {t.DataType}", Severity.Major),
                    (Phase.CreateTypes, new SqlStatement($"DROP DOMAIN {f.Name.Sql};")),
                    (Phase.CreateTypes, new SqlStatement(Ddl.CreateDomain(t))));
                continue;
            }

            var steps = new List<(Phase, SqlStatement)>();
            if (f.Default != t.Default)
            {
                steps.Add((Phase.CreateTypes, new SqlStatement($"ALTER DOMAIN {t.Name.Sql} {(t.Default is null ? "DROP DEFAULT" : "SET DEFAULT " + t.Default)};")));
            }

            if (f.NotNull != t.NotNull)
            {
                steps.Add((Phase.CreateTypes, new SqlStatement($"ALTER DOMAIN {t.Name.Sql} {(t.NotNull ? "SET" : "DROP")} NOT NULL;")));
            }

            foreach (var gone in f.Constraints.Where(x => !t.Constraints.Contains(x)))
            {
                steps.Add((Phase.CreateTypes, new SqlStatement($"ALTER DOMAIN {t.Name.Sql} DROP CONSTRAINT {SqlText.Ident(gone.Name)};")));
            }

            foreach (var add in t.Constraints.Where(x => !f.Constraints.Contains(x)))
            {
                steps.Add((Phase.CreateTypes, new SqlStatement($"ALTER DOMAIN {t.Name.Sql} ADD CONSTRAINT {SqlText.Ident(add.Name)} {add.Definition};")));
            }

            if (steps.Count > 0)
            {
                c.Add(ChangeSpec.For(t, "alter-domain", ChangeType.Modified, Ddl.CreateDomain(f), Ddl.CreateDomain(t), $"domain {t.DisplayName} changed", Severity.Major, Hazards.ValidatesRows), [.. steps]);
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static void Sequences(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Sequences, c.To.Sequences);
        foreach (var s in added)
        {
            var statements = new List<(Phase, SqlStatement)> { (Phase.CreateSequences, new SqlStatement(Ddl.CreateSequence(s))) };
            if (s.OwnedBy is { } owner)
            {
                // After the owning column exists.
                statements.Add((Phase.AddConstraints, new SqlStatement($"ALTER SEQUENCE {s.Name.Sql} OWNED BY {owner};")));
            }

            c.Add(ChangeSpec.For(s, "add-sequence", ChangeType.Added, null, s.DataType, $"sequence {s.DisplayName} added", Severity.Minor),
                [.. statements, .. CommentOnCreate(s, s.Comment)]);
        }

        foreach (var s in removed)
        {
            // A sequence owned by a dropped column goes with it: IF EXISTS keeps the script runnable.
            c.Add(ChangeSpec.For(s, "drop-sequence", ChangeType.Removed, s.DataType, null, $"sequence {s.DisplayName} dropped", Severity.Critical, Hazards.DeletesData),
                (Phase.DropSequences, new SqlStatement($"DROP SEQUENCE IF EXISTS {s.Name.Sql};", Destructive: true)));
        }

        foreach (var (f, t) in both)
        {
            if (f with { Comment = null, OwnedBy = null } != t with { Comment = null, OwnedBy = null })
            {
                c.Add(ChangeSpec.For(t, "alter-sequence", ChangeType.Modified, Ddl.CreateSequence(f), Ddl.CreateSequence(t), $"sequence {t.DisplayName} changed", Severity.Major),
                    (Phase.CreateSequences, new SqlStatement($"ALTER SEQUENCE {t.Name.Sql} AS {t.DataType} {Ddl.SequenceOptions(t.Start, t.Increment, t.MinValue, t.MaxValue, t.Cache, t.Cycle)};")));
            }

            if (f.OwnedBy != t.OwnedBy)
            {
                c.Add(ChangeSpec.For(t, "alter-sequence-owner", ChangeType.Modified, f.OwnedBy, t.OwnedBy, $"sequence {t.DisplayName}: owned by {t.OwnedBy ?? "none"}", Severity.Minor),
                    (Phase.AddConstraints, new SqlStatement($"ALTER SEQUENCE {t.Name.Sql} OWNED BY {t.OwnedBy ?? "NONE"};")));
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }
}
