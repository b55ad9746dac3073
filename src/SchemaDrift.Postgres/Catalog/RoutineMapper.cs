using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Functions, procedures and aggregates, and the privileges granted on every kind of object.</summary>
internal static class RoutineMapper
{
    public static IEnumerable<DbFunction> Functions(CatalogRows rows, Func<string, bool> keep) => rows.Functions
        .Select(f => new DbFunction(
            new QualifiedName(f.Schema, f.Name),
            f.Arguments,
            f.Kind switch { 'p' => RoutineKind.Procedure, 'a' => RoutineKind.Aggregate, 'w' => RoutineKind.Window, _ => RoutineKind.Function },
            f.Definition,
            f.Comment))
        .Where(f => keep(f.Name.ToString()) && keep(f.DisplayName));

    /// <summary>Privileges on the objects of the snapshot (<paramref name="present"/> keys) only.</summary>
    public static IEnumerable<DbPrivilege> Privileges(CatalogRows rows, HashSet<string> present) => rows.Privileges
        .Where(p => p.Kind switch
        {
            "column" => present.Contains($"table:{p.Schema}.{p.Name}"),
            "view column" => present.Contains($"view:{p.Schema}.{p.Name}"),
            _ => true,
        })
        .Select(Privilege)
        .Where(p => p.Column is not null || present.Contains(p.ObjectKey));

    /// <summary>Owners of the objects of the snapshot (<paramref name="present"/> keys) only.</summary>
    public static IEnumerable<DbOwner> Owners(CatalogRows rows, HashSet<string> present) => rows.Owners
        .Select(o =>
        {
            var name = new QualifiedName(o.Schema, o.Name);
            var (key, kind, sql) = o.Kind switch
            {
                "function" => ($"function:{name}({o.Signature})", ObjectKind.Function, $"FUNCTION {name.Sql}({o.Signature})"),
                "procedure" => ($"function:{name}({o.Signature})", ObjectKind.Procedure, $"PROCEDURE {name.Sql}({o.Signature})"),
                "aggregate" => ($"function:{name}({o.Signature})", ObjectKind.Aggregate, $"AGGREGATE {name.Sql}({(o.Signature is { Length: > 0 } args ? args : "*")})"),
                "schema" => ($"schema:{o.Name}", ObjectKind.Schema, $"SCHEMA {SqlText.Ident(o.Name)}"),
                "type" => ($"type:{name}", ObjectKind.Enum, $"TYPE {name.Sql}"),
                "domain" => ($"type:{name}", ObjectKind.Domain, $"DOMAIN {name.Sql}"),
                "collation" => ($"collation:{name}", ObjectKind.Collation, $"COLLATION {name.Sql}"),
                "sequence" => ($"sequence:{name}", ObjectKind.Sequence, $"SEQUENCE {name.Sql}"),
                "view" => ($"view:{name}", ObjectKind.View, $"VIEW {name.Sql}"),
                "materialized view" => ($"view:{name}", ObjectKind.MaterializedView, $"MATERIALIZED VIEW {name.Sql}"),
                _ => ($"table:{name}", ObjectKind.Table, $"TABLE {name.Sql}"),
            };
            return new DbOwner(key, kind, sql, o.Role);
        })
        .Where(o => present.Contains(o.ObjectKey));

    private static DbPrivilege Privilege(PrivilegeRow p)
    {
        var name = new QualifiedName(p.Schema, p.Name);
        var (key, kind, sql) = p.Kind switch
        {
            "function" => ($"function:{name}({p.Signature})", ObjectKind.Function, $"FUNCTION {name.Sql}({p.Signature})"),
            "procedure" => ($"function:{name}({p.Signature})", ObjectKind.Procedure, $"PROCEDURE {name.Sql}({p.Signature})"),
            "schema" => ($"schema:{p.Name}", ObjectKind.Schema, $"SCHEMA {SqlText.Ident(p.Name)}"),
            "type" => ($"type:{name}", ObjectKind.Enum, $"TYPE {name.Sql}"),
            "domain" => ($"type:{name}", ObjectKind.Domain, $"DOMAIN {name.Sql}"),
            "sequence" => ($"sequence:{name}", ObjectKind.Sequence, $"SEQUENCE {name.Sql}"),
            "view" => ($"view:{name}", ObjectKind.View, $"TABLE {name.Sql}"),
            "column" => ($"column:{name}.{p.Signature}", ObjectKind.Column, $"TABLE {name.Sql}"),
            "view column" => ($"column:{name}.{p.Signature}", ObjectKind.Column, $"TABLE {name.Sql}"),
            _ => ($"table:{name}", ObjectKind.Table, $"TABLE {name.Sql}"),
        };
        return new DbPrivilege(key, kind, sql, p.Grantee, p.Privilege, p.Grantable, p.Kind is "column" or "view column" ? p.Signature : null);
    }
}
