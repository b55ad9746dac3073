using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>Builds snapshots for differ tests without a database.</summary>
internal static class Snap
{
    public static QualifiedName Q(string qualified)
    {
        var parts = qualified.Split('.');
        return new QualifiedName(parts[0], parts[1]);
    }

    public static DbColumn Col(string table, string name, string type = "integer", bool notNull = false, string? @default = null) =>
        new(Q(table), name, type, notNull, @default, IdentityKind.None, null, null, null, false, null);

    public static DbTable Table(string name, params DbColumn[] columns) =>
        new(Q(name), TableKind.Regular, false, null, null, null, ValueList<QualifiedName>.Empty, ValueList<string>.Empty, false, false, columns.ToValueList(), null);

    public static DbConstraint Pk(string table, string name, params string[] columns) =>
        new(Q(table), name, ConstraintKind.PrimaryKey, $"PRIMARY KEY ({string.Join(", ", columns)})", true, false, false, columns.ToValueList(), null, null);

    public static DbConstraint Fk(string table, string name, string column, string referenced) =>
        new(Q(table), name, ConstraintKind.ForeignKey, $"FOREIGN KEY ({column}) REFERENCES {referenced}(id)", true, false, false, ValueList.Of(column), Q(referenced), null);

    public static DbIndex Index(string table, string name, string columns) =>
        new(Q(table), name, $"CREATE INDEX {name} ON {table} USING btree ({columns})", false, true, ValueList.Of(columns), null);

    public static DbView View(string name, string definition, params string[] columns) =>
        new(Q(name), false, definition, ValueList<string>.Empty, columns.Select(c => new DbViewColumn(c, "integer", null)).ToValueList(), null);

    public static DbEnum Enum(string name, params string[] labels) => new(Q(name), labels.ToValueList(), null);

    public static DbFunction Function(string name, string args, string returns = "integer") =>
        new(Q(name), args, RoutineKind.Function, $"CREATE OR REPLACE FUNCTION {name}({args})\n RETURNS {returns}\n LANGUAGE sql\nAS $function$ SELECT 1 $function$\n", null);

    public static SchemaSnapshot With(
        DbTable[]? tables = null,
        DbConstraint[]? constraints = null,
        DbIndex[]? indexes = null,
        DbView[]? views = null,
        DbEnum[]? enums = null,
        DbFunction[]? functions = null,
        DbTrigger[]? triggers = null,
        DbDependency[]? dependencies = null) =>
        SchemaSnapshot.Empty() with
        {
            Schemas = ValueList.Of(new DbSchema("public", null)),
            Tables = (tables ?? []).ToValueList(),
            Constraints = (constraints ?? []).ToValueList(),
            Indexes = (indexes ?? []).ToValueList(),
            Views = (views ?? []).ToValueList(),
            Enums = (enums ?? []).ToValueList(),
            Functions = (functions ?? []).ToValueList(),
            Triggers = (triggers ?? []).ToValueList(),
            Dependencies = (dependencies ?? []).ToValueList(),
        };
}
