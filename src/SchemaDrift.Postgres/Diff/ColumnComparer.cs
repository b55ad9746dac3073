using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Columns of a table present in both snapshots: compared by name, never by position.</summary>
internal static class ColumnComparer
{
    public static void Compare(DiffContext c, DbTable fromTable, DbTable toTable)
    {
        if (toTable.PartitionOf is not null && fromTable.PartitionOf is not null)
        {
            // A partition's columns are its parent's: they change with the parent.
            return;
        }

        // A detached partition keeps its columns, which become its own; a table about to be attached must first
        // have exactly its new parent's columns.
        var fromColumns = fromTable.PartitionOf is null ? fromTable.Columns.Where(x => !x.Inherited) : fromTable.Columns;
        var toColumns = toTable.PartitionOf is null ? toTable.Columns.Where(x => !x.Inherited) : toTable.Columns;
        var (added, removed, both) = Match(fromColumns, toColumns);
        foreach (var column in added)
        {
            Add(c, column);
        }

        foreach (var column in removed)
        {
            Drop(c, column);
        }

        foreach (var (f, t) in both)
        {
            Alter(c, f, t);
        }
    }

    private static void Add(DiffContext c, DbColumn column)
    {
        var mandatory = column.NotNull && column.Default is null && column.Identity == IdentityKind.None && column.GeneratedExpression is null;
        var hazards = Hazards.AccessExclusiveLock;
        if (column.GeneratedExpression is not null || ChangeClassifier.IsVolatileDefault(column.Default) || column.Identity != IdentityKind.None)
        {
            hazards |= Hazards.RewritesTable;
        }

        if (column.NotNull)
        {
            hazards |= Hazards.ValidatesRows;
        }

        c.Add(ChangeSpec.For(column, "add-column", ChangeType.Added, null, column.DataType,
                $"column {column.DisplayName} added ({column.DataType}{(column.NotNull ? " NOT NULL" : string.Empty)}{(mandatory ? ", no default" : string.Empty)})",
                mandatory ? Severity.Major : Severity.Minor, hazards),
            [(Phase.AlterTables, new SqlStatement(Ddl.AlterTable(column.Table, "ADD COLUMN " + Ddl.ColumnDefinition(column)))), .. CommentOnCreate(column, column.Comment)]);
    }

    private static void Drop(DiffContext c, DbColumn column)
    {
        RecreateDependentViews(c, column);
        c.Add(ChangeSpec.For(column, "drop-column", ChangeType.Removed, column.DataType, null, $"column {column.DisplayName} dropped", Severity.Critical,
                Hazards.DeletesData | Hazards.AccessExclusiveLock),
            (Phase.DropColumns, new SqlStatement(Ddl.AlterTable(column.Table, "DROP COLUMN " + SqlText.Ident(column.Name)), Destructive: true)));
    }

    private static void Alter(DiffContext c, DbColumn f, DbColumn t)
    {
        var identityRemoved = f.Identity != IdentityKind.None && t.Identity == IdentityKind.None;
        if (identityRemoved)
        {
            // Defaults and DROP NOT NULL are refused while the column is an identity column.
            Identity(c, f, t);
        }

        if (f.GeneratedExpression is not null && t.GeneratedExpression is null)
        {
            c.Add(ChangeSpec.For(t, "alter-column-generated", ChangeType.Modified, f.GeneratedExpression, null,
                    $"column {t.DisplayName}: no longer generated (was {f.GeneratedExpression})", Severity.Major, Hazards.AccessExclusiveLock),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, "DROP EXPRESSION"))));
            f = f with { GeneratedExpression = null };
        }

        if (f.GeneratedExpression != t.GeneratedExpression)
        {
            // A stored generated expression cannot be altered in place (before PostgreSQL 17): drop and add again.
            // Its values are computed, so nothing is lost.
            RecreateDependentViews(c, f);
            c.Add(ChangeSpec.For(t, "alter-column-generated", ChangeType.Modified, f.GeneratedExpression, t.GeneratedExpression,
                    $"column {t.DisplayName}: generated expression {f.GeneratedExpression ?? "none"} → {t.GeneratedExpression ?? "none"}", Severity.Major,
                    Hazards.RewritesTable | Hazards.AccessExclusiveLock),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Table, "DROP COLUMN " + SqlText.Ident(t.Name)))),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Table, "ADD COLUMN " + Ddl.ColumnDefinition(t)))));
            if (t.Comment is not null)
            {
                c.AddSupporting(t.Key, Phase.Comments, new SqlStatement(Ddl.Comment(t, t.Comment)));
            }

            return;
        }

        var typeChanged = f.DataType != t.DataType || f.Collation != t.Collation;
        var defaultChanged = f.Default != t.Default;
        if (typeChanged)
        {
            RecreateDependentViews(c, f);
            var conversion = f.Collation != t.Collation && f.DataType == t.DataType ? TypeConversion.Widening : ChangeClassifier.Classify(f.DataType, t.DataType);
            var statements = new List<(Phase, SqlStatement)>();
            if (f.Default is not null)
            {
                statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, "DROP DEFAULT"))));
            }

            var collate = t.Collation is null ? string.Empty : " COLLATE " + t.Collation;
            var viaText = IsUserType(c, f.DataType) || IsUserType(c, t.DataType) ? "::text" + (t.DataType.EndsWith("[]", StringComparison.Ordinal) ? "[]" : string.Empty) : string.Empty;
            statements.Add((Phase.AlterTables, new SqlStatement(
                Ddl.AlterColumn(t, $"TYPE {t.DataType}{collate} USING {SqlText.Ident(t.Name)}{viaText}::{t.DataType}"),
                Destructive: conversion == TypeConversion.Narrowing)));
            if (t.Default is not null)
            {
                statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, "SET DEFAULT " + t.Default))));
            }

            var before = f.DataType + (f.Collation is null ? string.Empty : " COLLATE " + f.Collation);
            var after = t.DataType + collate;
            c.Add(ChangeSpec.For(t, conversion == TypeConversion.Narrowing ? "narrow-column-type" : "alter-column-type", ChangeType.Modified, before, after,
                $"column {t.DisplayName}: type {before} → {after}{(conversion == TypeConversion.Narrowing ? " (narrowing)" : string.Empty)}",
                ChangeClassifier.TypeChangeSeverity(conversion), ChangeClassifier.TypeChangeHazards(conversion)), [.. statements]);
        }
        else if (defaultChanged)
        {
            c.Add(ChangeSpec.For(t, "alter-column-default", ChangeType.Modified, f.Default, t.Default,
                    $"column {t.DisplayName}: default {f.Default ?? "none"} → {t.Default ?? "none"}", Severity.Major, Hazards.AccessExclusiveLock),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, t.Default is null ? "DROP DEFAULT" : "SET DEFAULT " + t.Default))));
        }

        if (f.NotNull != t.NotNull)
        {
            c.Add(ChangeSpec.For(t, "alter-column-nullability", ChangeType.Modified, f.NotNull ? "NOT NULL" : "NULL", t.NotNull ? "NOT NULL" : "NULL",
                    $"column {t.DisplayName}: {(t.NotNull ? "NULL → NOT NULL" : "NOT NULL → NULL")}", Severity.Major,
                    Hazards.AccessExclusiveLock | (t.NotNull ? Hazards.ValidatesRows : Hazards.None)),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, t.NotNull ? "SET NOT NULL" : "DROP NOT NULL"))));
        }

        if (!identityRemoved)
        {
            // ADD GENERATED ... AS IDENTITY needs the column NOT NULL first.
            Identity(c, f, t);
        }

        CommentChange(c, f, t, f.Comment, t.Comment);
    }

    private static void Identity(DiffContext c, DbColumn f, DbColumn t)
    {
        if (f.Identity == t.Identity && f.IdentityOptions == t.IdentityOptions)
        {
            return;
        }

        var statements = new List<(Phase, SqlStatement)>();
        if (t.Identity == IdentityKind.None)
        {
            statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, "DROP IDENTITY"))));
        }
        else if (f.Identity == IdentityKind.None)
        {
            // A column cannot have both a default and an identity: the default change above drops it first.
            statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, "ADD " + Ddl.Identity(t)))));
        }
        else
        {
            var actions = new List<string>();
            if (f.Identity != t.Identity)
            {
                actions.Add(t.Identity == IdentityKind.Always ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT");
            }

            if (f.IdentityOptions != t.IdentityOptions && t.IdentityOptions is { } o)
            {
                actions.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"SET START WITH {o.Start} SET INCREMENT BY {o.Increment} SET MINVALUE {o.MinValue} SET MAXVALUE {o.MaxValue} SET CACHE {o.Cache} SET {(o.Cycle ? "CYCLE" : "NO CYCLE")}"));
            }

            statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterColumn(t, string.Join(" ", actions)))));
        }

        c.Add(ChangeSpec.For(t, "alter-column-identity", ChangeType.Modified, IdentityText(f), IdentityText(t),
            $"column {t.DisplayName}: identity {IdentityText(f)} → {IdentityText(t)}", Severity.Major, Hazards.AccessExclusiveLock), [.. statements]);
    }

    /// <summary>Enums (and domains) convert from and to each other only through text.</summary>
    private static bool IsUserType(DiffContext c, string dataType)
    {
        var name = dataType.EndsWith("[]", StringComparison.Ordinal) ? dataType[..^2] : dataType;
        return c.From.Enums.Concat(c.To.Enums).Any(e => e.Name.Sql == name);
    }

    private static string IdentityText(DbColumn c) => c.Identity == IdentityKind.None ? "none" : Ddl.Identity(c);

    /// <summary>Views reading a column must be dropped before the column changes and created again after.</summary>
    private static void RecreateDependentViews(DiffContext c, DbColumn column)
    {
        foreach (var view in c.DependentsInSource(column.Key).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
        {
            c.RecreateViews.Add(view);
        }
    }
}
