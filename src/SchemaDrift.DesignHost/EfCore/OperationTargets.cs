using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// The database objects one migration operation creates, changes, renames or drops, named as the tool's catalog
/// names them (<c>schema.table.column</c>, <c>schema.index</c>, <c>schema.table.constraint</c>, <c>schema.sequence</c>).
/// Raw SQL (<c>migrationBuilder.Sql</c>) is read for the CREATE statements of indexes, views, functions and triggers.
/// </summary>
internal static partial class OperationTargets
{

    public static IEnumerable<ObjectTarget> Of(MigrationOperation operation, string? defaultSchema)
    {
        string S(string? schema) => schema ?? defaultSchema ?? "public";
        string T(string? schema, string table) => S(schema) + "." + table;
        switch (operation)
        {
            case CreateTableOperation o:
                yield return new(ObjectKinds.Table, T(o.Schema, o.Name), TargetActions.Created);
                foreach (var column in o.Columns)
                {
                    yield return new(ObjectKinds.Column, T(o.Schema, o.Name) + "." + column.Name, TargetActions.Created);
                }

                if (o.PrimaryKey is { } key)
                {
                    yield return new(ObjectKinds.Constraint, T(o.Schema, o.Name) + "." + key.Name, TargetActions.Created);
                }

                foreach (var name in o.ForeignKeys.Select(f => f.Name).Concat(o.UniqueConstraints.Select(u => u.Name)).Concat(o.CheckConstraints.Select(c => c.Name)))
                {
                    yield return new(ObjectKinds.Constraint, T(o.Schema, o.Name) + "." + name, TargetActions.Created);
                }

                break;
            case DropTableOperation o:
                yield return new(ObjectKinds.Table, T(o.Schema, o.Name), TargetActions.Dropped);
                break;
            case RenameTableOperation o:
                yield return new(ObjectKinds.Table, T(o.NewSchema ?? o.Schema, o.NewName ?? o.Name), TargetActions.Renamed) { From = T(o.Schema, o.Name) };
                break;
            case AlterTableOperation o:
                yield return new(ObjectKinds.Table, T(o.Schema, o.Name), TargetActions.Changed);
                break;
            case AddColumnOperation o:
                yield return new(ObjectKinds.Column, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Created);
                break;
            case AlterColumnOperation o:
                yield return new(ObjectKinds.Column, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Changed);
                break;
            case DropColumnOperation o:
                yield return new(ObjectKinds.Column, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Dropped);
                break;
            case RenameColumnOperation o:
                yield return new(ObjectKinds.Column, T(o.Schema, o.Table) + "." + o.NewName, TargetActions.Renamed) { From = T(o.Schema, o.Table) + "." + o.Name };
                break;
            case CreateIndexOperation o:
                yield return new(ObjectKinds.Index, S(o.Schema) + "." + o.Name, TargetActions.Created);
                break;
            case DropIndexOperation o:
                yield return new(ObjectKinds.Index, S(o.Schema) + "." + o.Name, TargetActions.Dropped);
                break;
            case RenameIndexOperation o:
                yield return new(ObjectKinds.Index, S(o.Schema) + "." + o.NewName, TargetActions.Renamed) { From = S(o.Schema) + "." + o.Name };
                break;
            case AddPrimaryKeyOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Created);
                break;
            case AddUniqueConstraintOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Created);
                break;
            case AddForeignKeyOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Created);
                break;
            case AddCheckConstraintOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Created);
                break;
            case DropPrimaryKeyOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Dropped);
                break;
            case DropUniqueConstraintOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Dropped);
                break;
            case DropForeignKeyOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Dropped);
                break;
            case DropCheckConstraintOperation o:
                yield return new(ObjectKinds.Constraint, T(o.Schema, o.Table) + "." + o.Name, TargetActions.Dropped);
                break;
            case CreateSequenceOperation o:
                yield return new(ObjectKinds.Sequence, S(o.Schema) + "." + o.Name, TargetActions.Created);
                break;
            case AlterSequenceOperation o:
                yield return new(ObjectKinds.Sequence, S(o.Schema) + "." + o.Name, TargetActions.Changed);
                break;
            case RestartSequenceOperation o:
                yield return new(ObjectKinds.Sequence, S(o.Schema) + "." + o.Name, TargetActions.Changed);
                break;
            case DropSequenceOperation o:
                yield return new(ObjectKinds.Sequence, S(o.Schema) + "." + o.Name, TargetActions.Dropped);
                break;
            case RenameSequenceOperation o:
                yield return new(ObjectKinds.Sequence, S(o.NewSchema ?? o.Schema) + "." + (o.NewName ?? o.Name), TargetActions.Renamed) { From = S(o.Schema) + "." + o.Name };
                break;
            case EnsureSchemaOperation o:
                yield return new(ObjectKinds.Schema, o.Name, TargetActions.Created);
                break;
            case AlterDatabaseOperation o:
                // Enums, extensions and collations live in the database's annotations.
                foreach (var annotation in o.GetAnnotations().Concat(o.OldDatabase.GetAnnotations()).Select(a => a.Name).Distinct(StringComparer.Ordinal))
                {
                    if (annotation.StartsWith("Npgsql:Enum:", StringComparison.Ordinal))
                    {
                        var enumName = annotation["Npgsql:Enum:".Length..];
                        yield return new(ObjectKinds.Enum, enumName.Contains('.', StringComparison.Ordinal) ? enumName : S(null) + "." + enumName, TargetActions.Changed);
                    }
                }

                break;
            case SqlOperation o:
                foreach (var target in FromSql(o.Sql, S(null)))
                {
                    yield return target;
                }

                break;
        }
    }

    private static IEnumerable<ObjectTarget> FromSql(string sql, string defaultSchema)
    {
        foreach (Match match in CreateStatement().Matches(sql))
        {
            var kind = match.Groups["kind"].Value.ToUpperInvariant() switch
            {
                var k when k.EndsWith("INDEX", StringComparison.Ordinal) => ObjectKinds.Index,
                var k when k.EndsWith("VIEW", StringComparison.Ordinal) => ObjectKinds.View,
                "FUNCTION" or "PROCEDURE" => ObjectKinds.Function,
                "TRIGGER" => ObjectKinds.Trigger,
                _ => ObjectKinds.Table,
            };
            var name = Unquote(match.Groups["name"].Value);
            if (kind == ObjectKinds.Trigger && match.Groups["on"].Success)
            {
                yield return new(kind, QualifyIn(Unquote(match.Groups["on"].Value), defaultSchema) + "." + name, TargetActions.Created);
            }
            else if (kind == ObjectKinds.Index && !name.Contains('.', StringComparison.Ordinal) && match.Groups["on"].Success)
            {
                // An index lives in its table's schema.
                var table = QualifyIn(Unquote(match.Groups["on"].Value), defaultSchema);
                yield return new(kind, table[..table.IndexOf('.', StringComparison.Ordinal)] + "." + name, TargetActions.Created);
            }
            else
            {
                yield return new(kind, QualifyIn(name, defaultSchema), TargetActions.Created);
            }
        }
    }

    private static string QualifyIn(string name, string defaultSchema) => name.Contains('.', StringComparison.Ordinal) ? name : defaultSchema + "." + name;

    private static string Unquote(string name) => name.Replace("\"", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex("""CREATE\s+(?:OR\s+REPLACE\s+)?(?<kind>UNIQUE\s+INDEX|INDEX|MATERIALIZED\s+VIEW|VIEW|FUNCTION|PROCEDURE|TRIGGER|TABLE)\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?<name>(?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)(?:[^;]*?\bON\s+(?:ONLY\s+)?(?<on>(?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?))?""", RegexOptions.IgnoreCase)]
    private static partial Regex CreateStatement();
}
