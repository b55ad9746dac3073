using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>
/// Small builders for snapshots, shaped like what the catalog reader prints (qualified names, pg_get_*def text).
/// Names without a schema are in <c>public</c>.
/// </summary>
internal static class TestModel
{
    public static QualifiedName Q(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new QualifiedName("public", name) : new QualifiedName(name[..dot], name[(dot + 1)..]);
    }

    public static DbColumn Col(
        string name, string type, bool notNull = false, string? @default = null, string? generated = null,
        IdentityKind identity = IdentityKind.None, string? collation = null, bool inherited = false, string? comment = null) =>
        new(default, name, type, notNull || identity != IdentityKind.None, @default, identity,
            identity == IdentityKind.None ? null : new DbIdentityOptions(type, 1, 1, 1, type == "bigint" ? long.MaxValue : int.MaxValue, 1, false),
            generated, collation, inherited, comment);

    public static DbTable Table(string name, params DbColumn[] columns)
    {
        var table = Q(name);
        return new DbTable(
            table, TableKind.Regular, false, null, null, null, ValueList<QualifiedName>.Empty, ValueList<string>.Empty, false, false,
            columns.Select(c => c.On(table)).ToValueList(), null);
    }

    public static DbTable WithColumns(this DbTable table, params DbColumn[] columns) =>
        table with { Columns = table.Columns.Concat(columns.Select(c => c.On(table.Name))).ToValueList() };

    /// <summary>The column placed in a table. A new record rather than <c>with</c>: identity members make the key.</summary>
    public static DbColumn On(this DbColumn c, QualifiedName table) =>
        new(table, c.Name, c.DataType, c.NotNull, c.Default, c.Identity, c.IdentityOptions, c.GeneratedExpression, c.Collation, c.Inherited, c.Comment);

    /// <summary>The table under another name, with its columns.</summary>
    public static DbTable Renamed(this DbTable t, string name) =>
        new(Q(name), t.TableKind, t.Unlogged, t.PartitionKey, t.PartitionOf, t.PartitionBound, t.Inherits, t.StorageParameters, t.RowSecurity,
            t.ForceRowSecurity, t.Columns.Select(c => c.On(Q(name))).ToValueList(), t.Comment);

    public static DbConstraint Pk(string table, string name, params string[] columns) =>
        Constraint(table, name, ConstraintKind.PrimaryKey, $"PRIMARY KEY ({string.Join(", ", columns)})", columns);

    public static DbConstraint Unique(string table, string name, params string[] columns) =>
        Constraint(table, name, ConstraintKind.Unique, $"UNIQUE ({string.Join(", ", columns)})", columns);

    public static DbConstraint Fk(string table, string name, string column, string referenced, string referencedColumn) =>
        Constraint(table, name, ConstraintKind.ForeignKey, $"FOREIGN KEY ({column}) REFERENCES {Q(referenced).Sql}({referencedColumn})", [column]) with { ReferencedTable = Q(referenced) };

    public static DbConstraint Check(string table, string name, string expression, bool validated = true, params string[] columns) =>
        Constraint(table, name, ConstraintKind.Check, $"CHECK (({expression})){(validated ? string.Empty : " NOT VALID")}", columns) with { Validated = validated };

    private static DbConstraint Constraint(string table, string name, ConstraintKind kind, string definition, string[] columns) =>
        new(Q(table), name, kind, definition, true, false, false, columns.ToValueList(), null, null);

    public static DbIndex Index(string table, string name, string columns, bool unique = false) =>
        new(Q(table), name, $"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX {name} ON {Q(table).Sql} USING btree ({columns})", unique, true,
            columns.Split(", ").ToValueList(), null);

    public static DbView View(string name, string definition, params string[] columns) =>
        new(Q(name), false, " " + definition + ";", ValueList<string>.Empty,
            columns.Select(c => c.Split(' ', 2)).Select(p => new DbViewColumn(p[0], p.Length > 1 ? p[1] : "integer", null)).ToValueList(), null);

    public static DbView MaterializedView(string name, string definition, params string[] columns) => View(name, definition, columns) with { Materialized = true };

    /// <summary>A function as pg_get_functiondef prints it.</summary>
    public static DbFunction Function(string name, string arguments, string returns, string body, string language = "sql") =>
        new(Q(name), arguments, RoutineKind.Function,
            $"CREATE OR REPLACE FUNCTION {Q(name).Sql}({arguments})\n RETURNS {returns}\n LANGUAGE {language}\nAS $function${body}$function$\n",
            null);

    public static DbEnum Enum(string name, params string[] labels) => new(Q(name), labels.ToValueList(), null);

    public static DbRangeType Range(string name, string subtype, string? subtypeDiff = null) =>
        new(Q(name), subtype, Q(name.Replace("range", "multirange", StringComparison.Ordinal)), null, null, null, subtypeDiff, null);

    public static DbDomain Domain(string name, string type, params DbDomainConstraint[] constraints) =>
        new(Q(name), type, null, false, null, constraints.ToValueList(), null);

    public static DbSequence Sequence(string name, string? ownedBy = null) =>
        new(Q(name), "bigint", 1, 1, 1, long.MaxValue, 1, false, ownedBy, null);

    public static DbTrigger Trigger(string table, string name, string function, char enabled = 'O') =>
        new(Q(table), name, $"CREATE TRIGGER {name} BEFORE INSERT ON {Q(table).Sql} FOR EACH ROW EXECUTE FUNCTION {Q(function).Sql}()", enabled, null);

    public static DbPolicy Policy(string table, string name, string? @using, string command = "ALL", bool permissive = true, params string[] roles) =>
        new(Q(table), name, command, permissive, roles.ToValueList(), @using, null, null);

    public static DbPrivilege Grant(string table, string grantee, string privilege, bool grantable = false) =>
        new("table:" + Q(table), ObjectKind.Table, "TABLE " + Q(table).Sql, grantee, privilege, grantable);

    public static DbDependency Dep(string dependent, string referenced) => new(dependent, referenced);

    /// <summary>A snapshot of the public schema plus the given objects (a schema, table, dependency…).</summary>
    public static SchemaSnapshot Snapshot(params object[] items)
    {
        var all = items.Prepend(new DbSchema("public", null)).ToList();
        ValueList<T> Of<T>() => all.OfType<T>().ToValueList();
        return SchemaSnapshot.Empty() with
        {
            Schemas = all.OfType<DbSchema>().Reverse().DistinctBy(s => s.Name).OrderBy(s => s.Name, StringComparer.Ordinal).ToValueList(),
            Extensions = Of<DbExtension>(),
            Collations = Of<DbCollation>(),
            Enums = Of<DbEnum>(),
            Domains = Of<DbDomain>(),
            RangeTypes = Of<DbRangeType>(),
            Sequences = Of<DbSequence>(),
            Tables = Of<DbTable>(),
            Constraints = Of<DbConstraint>(),
            Indexes = Of<DbIndex>(),
            Views = Of<DbView>(),
            Functions = Of<DbFunction>(),
            Triggers = Of<DbTrigger>(),
            Policies = Of<DbPolicy>(),
            Privileges = Of<DbPrivilege>(),
            Dependencies = Of<DbDependency>(),
            PrivilegesRead = all.OfType<DbPrivilege>().Any(),
        };
    }

    public static DiffResult Compare(SchemaSnapshot from, SchemaSnapshot to, DiffOptions? options = null) => SchemaDiffer.Compare(from, to, options);

    public static string Sql(this DiffResult result) => string.Join("\n", result.Script.Select(s => s.Sql));

    /// <summary>The position in the script of the first statement containing <paramref name="fragment"/>; fails when absent.</summary>
    public static int Position(this DiffResult result, string fragment)
    {
        var index = result.Script.Items.IndexOf(result.Script.FirstOrDefault(s => s.Sql.Contains(fragment, StringComparison.Ordinal))!);
        Assert.True(index >= 0, $"No statement contains \"{fragment}\". Script:\n{result.Sql()}");
        return index;
    }

    public static void AssertOrder(this DiffResult result, params string[] fragments)
    {
        for (var i = 1; i < fragments.Length; i++)
        {
            Assert.True(
                result.Position(fragments[i - 1]) < result.Position(fragments[i]),
                $"Expected \"{fragments[i - 1]}\" before \"{fragments[i]}\". Script:\n{result.Sql()}");
        }
    }

    public static SchemaChange Single(this DiffResult result, string kind)
    {
        var matches = result.Changes.Where(c => c.Kind.Name() == kind).ToList();
        Assert.True(matches.Count == 1, $"Expected one {kind} change, found {matches.Count}: {string.Join(", ", result.Changes.Select(c => c.Kind.Name()))}");
        return matches[0];
    }
}
