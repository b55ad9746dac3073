using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Sql;

/// <summary>
/// The text of DDL statements, built from model objects. Identifiers go through <see cref="SqlText.Ident(string)"/>,
/// literals through <see cref="SqlText.Literal"/>; definitions the server printed (types, expressions,
/// pg_get_*def output) are valid SQL fragments and are used as they are.
/// </summary>
internal static partial class DdlWriter
{
    public static string CreateSchema(DbSchema schema) => $"CREATE SCHEMA {SqlText.Ident(schema.Name)};";

    public static string DropSchema(DbSchema schema) => $"DROP SCHEMA {SqlText.Ident(schema.Name)};";

    public static string CreateExtension(DbExtension extension) =>
        $"CREATE EXTENSION {SqlText.Ident(extension.Name)} WITH SCHEMA {SqlText.Ident(extension.Schema)} VERSION {SqlText.Literal(extension.Version)};";

    public static string DropExtension(DbExtension extension) => $"DROP EXTENSION {SqlText.Ident(extension.Name)};";

    public static string UpdateExtension(DbExtension extension) =>
        $"ALTER EXTENSION {SqlText.Ident(extension.Name)} UPDATE TO {SqlText.Literal(extension.Version)};";

    public static string MoveExtension(DbExtension extension) =>
        $"ALTER EXTENSION {SqlText.Ident(extension.Name)} SET SCHEMA {SqlText.Ident(extension.Schema)};";

    public static string CreateCollation(DbCollation collation)
    {
        var options = collation.Provider == "icu"
            ? $"provider = icu, locale = {SqlText.Literal(collation.Locale ?? collation.LcCollate)}"
            : $"provider = libc, lc_collate = {SqlText.Literal(collation.LcCollate)}, lc_ctype = {SqlText.Literal(collation.LcCtype)}";
        var deterministic = collation.Deterministic ? string.Empty : ", deterministic = false";
        return $"CREATE COLLATION {collation.Name.Sql} ({options}{deterministic});";
    }

    public static string DropCollation(DbCollation collation) => $"DROP COLLATION {collation.Name.Sql};";

    public static string CreateEnum(DbEnum type) =>
        $"CREATE TYPE {type.Name.Sql} AS ENUM ({string.Join(", ", type.Labels.Select(SqlText.Literal))});";

    /// <summary>ALTER TYPE ... ADD VALUE, placed before or after an existing label, or last.</summary>
    public static string AddEnumValue(DbEnum type, string label, string? before, string? after)
    {
        var position = before is not null ? " BEFORE " + SqlText.Literal(before)
            : after is not null ? " AFTER " + SqlText.Literal(after)
            : string.Empty;
        return $"ALTER TYPE {type.Name.Sql} ADD VALUE {SqlText.Literal(label)}{position};";
    }

    public static string RenameType(QualifiedName name, string newName) => $"ALTER TYPE {name.Sql} RENAME TO {SqlText.Ident(newName)};";

    public static string DropType(QualifiedName name) => $"DROP TYPE {name.Sql};";

    public static string CreateDomain(DbDomain domain)
    {
        var text = new StringBuilder($"CREATE DOMAIN {domain.Name.Sql} AS {domain.DataType}");
        if (domain.Collation is { } collation)
        {
            text.Append(" COLLATE ").Append(collation);
        }

        if (domain.Default is { } value)
        {
            text.Append(" DEFAULT ").Append(value);
        }

        if (domain.NotNull)
        {
            text.Append(" NOT NULL");
        }

        // NOT VALID constraints can only be added by ALTER DOMAIN (see DomainConstraint).
        foreach (var constraint in domain.Constraints.Where(c => c.Validated))
        {
            text.Append(" CONSTRAINT ").Append(SqlText.Ident(constraint.Name)).Append(' ').Append(constraint.Definition);
        }

        return text.Append(';').ToString();
    }

    public static string AlterDomain(DbDomain domain, string action) => $"ALTER DOMAIN {domain.Name.Sql} {action};";

    public static string AddDomainConstraint(DbDomain domain, DbDomainConstraint constraint) =>
        AlterDomain(domain, $"ADD CONSTRAINT {SqlText.Ident(constraint.Name)} {constraint.Definition}");

    public static string DropDomain(DbDomain domain) => $"DROP DOMAIN {domain.Name.Sql};";

    public static string CreateSequence(DbSequence s) =>
        $"CREATE {(s.Unlogged ? "UNLOGGED " : string.Empty)}SEQUENCE {s.Name.Sql} AS {s.DataType} {SequenceOptions(s.Start, s.Increment, s.MinValue, s.MaxValue, s.Cache, s.Cycle)};";

    public static string SequenceOptions(long start, long increment, long min, long max, long cache, bool cycle) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"START WITH {start} INCREMENT BY {increment} MINVALUE {min} MAXVALUE {max} CACHE {cache} {(cycle ? "CYCLE" : "NO CYCLE")}");

    public static string AlterSequence(DbSequence sequence, string options) => $"ALTER SEQUENCE {sequence.Name.Sql} {options};";

    public static string SequenceOwnedBy(DbSequence sequence, string? ownedBy) =>
        AlterSequence(sequence, "OWNED BY " + (ownedBy ?? "NONE"));

    public static string DropSequence(DbSequence sequence) => $"DROP SEQUENCE {sequence.Name.Sql};";

    /// <summary>CREATE TABLE with the table's own columns (inherited ones come from the parents).</summary>
    public static string CreateTable(DbTable table)
    {
        // One builder for the whole statement, sized for it (a schema holds thousands of tables).
        var text = new StringBuilder(64 + (64 * table.Columns.Count)).Append("CREATE ");
        if (table.Unlogged)
        {
            text.Append("UNLOGGED ");
        }

        text.Append("TABLE ").Append(table.Name.Sql);
        if (table.PartitionOf is { } parent)
        {
            text.Append(" PARTITION OF ").Append(parent.Sql).Append(' ').Append(table.PartitionBound ?? "DEFAULT");
        }
        else
        {
            var first = true;
            foreach (var column in table.Columns)
            {
                if (!column.Inherited)
                {
                    AppendColumnDefinition(text.Append(first ? " (\n    " : ",\n    "), column);
                    first = false;
                }
            }

            text.Append(first ? " (\n)" : "\n)");
            if (table.Inherits.Count > 0)
            {
                text.Append(" INHERITS (").Append(string.Join(", ", table.Inherits.Select(p => p.Sql))).Append(')');
            }
        }

        if (table.PartitionKey is { } key)
        {
            text.Append(" PARTITION BY ").Append(key);
        }

        if (table.AccessMethod is { } method)
        {
            text.Append(" USING ").Append(SqlText.Ident(method));
        }

        if (table.StorageParameters.Count > 0)
        {
            text.Append(" WITH (").Append(string.Join(", ", table.StorageParameters)).Append(')');
        }

        if (table.Tablespace is { } tablespace)
        {
            text.Append(" TABLESPACE ").Append(SqlText.Ident(tablespace));
        }

        return text.Append(';').ToString();
    }

    public static string DropTable(QualifiedName table) => $"DROP TABLE {table.Sql};";

    public static string AlterTable(QualifiedName table, string action) => $"ALTER TABLE {table.Sql} {action};";

    /// <summary>A column as in CREATE TABLE or ADD COLUMN: type, collation, default or generation, NOT NULL, identity.</summary>
    public static string ColumnDefinition(DbColumn column) => AppendColumnDefinition(new StringBuilder(64), column).ToString();

    private static StringBuilder AppendColumnDefinition(StringBuilder text, DbColumn column)
    {
        text.Append(SqlText.Ident(column.Name)).Append(' ').Append(column.DataType);
        if (column.Collation is { } collation)
        {
            text.Append(" COLLATE ").Append(collation);
        }

        if (column.GeneratedExpression is { } generated)
        {
            text.Append(" GENERATED ALWAYS AS (").Append(generated).Append(") STORED");
        }
        else if (column.Default is { } value && column.Identity == IdentityKind.None)
        {
            text.Append(" DEFAULT ").Append(value);
        }

        if (column.NotNull)
        {
            text.Append(" NOT NULL");
        }

        if (column.Identity != IdentityKind.None)
        {
            text.Append(' ').Append(Identity(column));
        }

        return text;
    }

    public static string Identity(DbColumn column)
    {
        var text = column.Identity == IdentityKind.Always ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY";
        return column.IdentityOptions is { } o ? $"{text} ({SequenceOptions(o.Start, o.Increment, o.MinValue, o.MaxValue, o.Cache, o.Cycle)})" : text;
    }

    public static string AddColumn(DbColumn column) => AlterTable(column.Table, "ADD COLUMN " + ColumnDefinition(column));

    public static string DropColumn(DbColumn column) => AlterTable(column.Table, "DROP COLUMN " + SqlText.Ident(column.Name));

    public static string AlterColumn(DbColumn column, string action) =>
        AlterTable(column.Table, $"ALTER COLUMN {SqlText.Ident(column.Name)} {action}");

    /// <summary>ALTER COLUMN ... TYPE, with COLLATE and a USING cast (none for generated columns, which refuse it).</summary>
    public static string AlterColumnType(DbColumn column, string? usingExpression)
    {
        var action = new StringBuilder("TYPE ").Append(column.DataType);
        if (column.Collation is { } collation)
        {
            action.Append(" COLLATE ").Append(collation);
        }

        if (usingExpression is not null)
        {
            action.Append(" USING ").Append(usingExpression);
        }

        return AlterColumn(column, action.ToString());
    }

    /// <summary>
    /// ADD CONSTRAINT with the definition; with <paramref name="options"/> (a partitioned table's key, whose index
    /// no ALTER INDEX gives storage parameters), WITH (...) in the place pg_dump writes it, before DEFERRABLE.
    /// </summary>
    public static string AddConstraint(DbConstraint constraint, IReadOnlyCollection<string>? options = null)
    {
        var definition = constraint.Definition;
        if (options is { Count: > 0 })
        {
            var deferral = definition.EndsWith(" DEFERRABLE INITIALLY DEFERRED", StringComparison.Ordinal) ? " DEFERRABLE INITIALLY DEFERRED"
                : definition.EndsWith(" DEFERRABLE", StringComparison.Ordinal) ? " DEFERRABLE" : string.Empty;
            definition = definition[..^deferral.Length] + $" WITH ({string.Join(", ", options)})" + deferral;
        }

        return AlterTable(constraint.Table, $"ADD CONSTRAINT {SqlText.Ident(constraint.Name)} {definition}");
    }

    public static string DropConstraint(DbConstraint constraint) =>
        AlterTable(constraint.Table, $"DROP CONSTRAINT {SqlText.Ident(constraint.Name)}");

    public static string ValidateConstraint(DbConstraint constraint) =>
        AlterTable(constraint.Table, $"VALIDATE CONSTRAINT {SqlText.Ident(constraint.Name)}");

    /// <summary>
    /// The target's pg_get_indexdef. On a partitioned table it prints ON ONLY, which would leave the partitions
    /// without the index; without ONLY, the index is created on every partition too.
    /// </summary>
    public static string CreateIndex(DbIndex index, bool concurrently, bool partitioned)
    {
        var definition = index.Definition;
        if (partitioned)
        {
            definition = ReplaceFirst(definition, " ON ONLY ", " ON ");
        }

        if (concurrently)
        {
            definition = ReplaceFirst(definition, "INDEX ", "INDEX CONCURRENTLY ");
        }

        return definition + ";";
    }

    public static string DropIndex(DbIndex index, bool concurrently) =>
        $"DROP INDEX {(concurrently ? "CONCURRENTLY " : string.Empty)}{SqlText.Ident(index.Table.Schema, index.Name)};";

    public static string CreateView(DbView view, bool orReplace)
    {
        var body = view.Definition.Trim().TrimEnd(';').TrimEnd();
        var options = view.Options.Count > 0 ? $" WITH ({string.Join(", ", view.Options)})" : string.Empty;
        return view.Materialized
            ? $"CREATE MATERIALIZED VIEW {view.Name.Sql}{options} AS\n{body};"
            : $"CREATE {(orReplace ? "OR REPLACE " : string.Empty)}VIEW {view.Name.Sql}{options} AS\n{body};";
    }

    public static string DropView(DbView view) => $"DROP {(view.Materialized ? "MATERIALIZED VIEW" : "VIEW")} {view.Name.Sql};";

    /// <summary>pg_get_functiondef text (CREATE OR REPLACE ...) terminated as a statement.</summary>
    public static string CreateFunction(DbFunction function)
    {
        var text = function.Definition.TrimEnd();
        return text.EndsWith(';') ? text : text + ";";
    }

    public static string DropFunction(DbFunction function) => $"DROP {RoutineWord(function)} {function.SignatureSql};";

    public static string CreateTrigger(DbTrigger trigger) => trigger.Definition.TrimEnd().TrimEnd(';') + ";";

    public static string DropTrigger(DbTrigger trigger) => $"DROP TRIGGER {SqlText.Ident(trigger.Name)} ON {trigger.Table.Sql};";

    /// <summary>ALTER TABLE ... ENABLE/DISABLE [REPLICA | ALWAYS] TRIGGER for pg_trigger.tgenabled O, D, R, A.</summary>
    public static string TriggerEnabled(DbTrigger trigger) => AlterTable(trigger.Table, trigger.Enabled switch
    {
        'D' => "DISABLE TRIGGER ",
        'R' => "ENABLE REPLICA TRIGGER ",
        'A' => "ENABLE ALWAYS TRIGGER ",
        _ => "ENABLE TRIGGER ",
    } + SqlText.Ident(trigger.Name));

    public static string CreatePolicy(DbPolicy policy)
    {
        var text = new StringBuilder($"CREATE POLICY {SqlText.Ident(policy.Name)} ON {policy.Table.Sql}")
            .Append(policy.Permissive ? " AS PERMISSIVE" : " AS RESTRICTIVE")
            .Append(" FOR ").Append(policy.Command)
            .Append(" TO ").Append(Roles(policy));
        return text.Append(PolicyExpressions(policy)).Append(';').ToString();
    }

    /// <summary>ALTER POLICY: roles and expressions (it cannot remove an expression; that needs drop and create).</summary>
    public static string AlterPolicy(DbPolicy policy) =>
        $"ALTER POLICY {SqlText.Ident(policy.Name)} ON {policy.Table.Sql} TO {Roles(policy)}{PolicyExpressions(policy)};";

    public static string DropPolicy(DbPolicy policy) => $"DROP POLICY {SqlText.Ident(policy.Name)} ON {policy.Table.Sql};";

    public static string Grant(DbPrivilege privilege, bool withGrantOption) =>
        $"GRANT {privilege.PrivilegeSql} ON {privilege.ObjectSql} TO {privilege.Grantee}{(withGrantOption ? " WITH GRANT OPTION" : string.Empty)};";

    public static string Revoke(DbPrivilege privilege, bool grantOptionOnly) =>
        $"REVOKE {(grantOptionOnly ? "GRANT OPTION FOR " : string.Empty)}{privilege.PrivilegeSql} ON {privilege.ObjectSql} FROM {privilege.Grantee};";

    public static string Comment(string target, string? comment) => $"COMMENT ON {target} IS {SqlText.Literal(comment)};";

    /// <summary>How COMMENT ON names an object.</summary>
    public static string CommentTarget(ISchemaObject obj) => obj switch
    {
        DbSchema s => "SCHEMA " + SqlText.Ident(s.Name),
        DbExtension e => "EXTENSION " + SqlText.Ident(e.Name),
        DbCollation c => "COLLATION " + c.Name.Sql,
        DbEnum e => "TYPE " + e.Name.Sql,
        DbDomain d => "DOMAIN " + d.Name.Sql,
        DbCompositeType t => "TYPE " + t.Name.Sql,
        DbRangeType r => "TYPE " + r.Name.Sql,
        DbSequence s => "SEQUENCE " + s.Name.Sql,
        DbTable t => "TABLE " + t.Name.Sql,
        DbColumn c => ColumnCommentTarget(c.Table, c.Name),
        DbConstraint c => $"CONSTRAINT {SqlText.Ident(c.Name)} ON {c.Table.Sql}",
        DbIndex i => "INDEX " + SqlText.Ident(i.Table.Schema, i.Name),
        DbView v => (v.Materialized ? "MATERIALIZED VIEW " : "VIEW ") + v.Name.Sql,
        DbFunction f => RoutineWord(f) + " " + f.SignatureSql,
        DbTrigger t => $"TRIGGER {SqlText.Ident(t.Name)} ON {t.Table.Sql}",
        DbPolicy p => $"POLICY {SqlText.Ident(p.Name)} ON {p.Table.Sql}",
        _ => throw new ArgumentException($"{obj.Kind} objects carry no comment.", nameof(obj)),
    };

    public static string ColumnCommentTarget(QualifiedName relation, string column) => $"COLUMN {relation.Sql}.{SqlText.Ident(column)}";

    public static string RoutineWord(DbFunction function) => function.RoutineKind switch
    {
        RoutineKind.Procedure => "PROCEDURE",
        RoutineKind.Aggregate => "AGGREGATE",
        _ => "FUNCTION",
    };

    private static string Roles(DbPolicy policy) => policy.Roles.Count == 0 ? "PUBLIC" : string.Join(", ", policy.Roles);

    private static string PolicyExpressions(DbPolicy policy) =>
        (policy.Using is { } @using ? $" USING ({@using})" : string.Empty)
        + (policy.WithCheck is { } check ? $" WITH CHECK ({check})" : string.Empty);

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}
