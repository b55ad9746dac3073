namespace SchemaDrift.Tool.Linting;

// What one statement does, as far as the rules need to know: the statement kinds EF Core's Npgsql provider writes,
// and the hand-written SQL teams put in migrationBuilder.Sql. Names are resolved as PostgreSQL resolves them
// (schema.name, unquoted; an unqualified table in public). Anything else is an OtherShape.

/// <summary>A parsed statement.</summary>
internal abstract record Shape;

/// <summary>A statement the rules have nothing to say about.</summary>
internal sealed record OtherShape : Shape;

/// <summary>A column as CREATE TABLE or ADD COLUMN defines it.</summary>
/// <param name="Type">The type as written (<c>character varying(20)</c>).</param>
/// <param name="Rest">What follows the type (constraints, default, generation), literals masked.</param>
/// <param name="RawRest">The same text with its literals.</param>
internal sealed record ColumnDef(string Name, string Type, string Rest, string RawRest)
{
    public bool NotNull => LintPatterns.NotNull().IsMatch(Rest) || LintPatterns.PrimaryKey().IsMatch(Rest);

    public bool HasDefault => LintPatterns.Default().IsMatch(Rest);

    /// <summary><c>GENERATED ... AS IDENTITY</c>, or a serial type.</summary>
    public bool Identity => LintPatterns.Identity().IsMatch(Rest) || LintPatterns.Serial().IsMatch(Type);

    /// <summary><c>GENERATED ALWAYS AS (...) STORED</c>.</summary>
    public bool StoredGenerated => LintPatterns.StoredGenerated().IsMatch(Rest);

    /// <summary>The function of a volatile default (<c>gen_random_uuid</c>), or null.</summary>
    public string? VolatileDefault => LintPatterns.Default().Match(Rest) is { Success: true } d
        && LintPatterns.VolatileCall().Match(Rest, d.Index) is { Success: true } call ? call.Groups["function"].Value : null;
}

internal sealed record CreateTableShape(string Table, IReadOnlyList<ColumnDef> Columns, IReadOnlyList<string> PrimaryKey, string? PrimaryKeyName) : Shape;

internal sealed record CreateIndexShape(string? Name, string Table, bool Concurrently, bool Unique) : Shape;

/// <param name="Indexes">Qualified index names (<c>shop.IX_Orders_Total</c>; an unqualified one has a null schema part).</param>
internal sealed record DropIndexShape(IReadOnlyList<(string? Schema, string Name)> Indexes, bool Concurrently) : Shape;

internal sealed record AlterTableShape(string Table, IReadOnlyList<Clause> Clauses) : Shape;

internal sealed record DropTableShape(IReadOnlyList<string> Tables) : Shape;

internal sealed record CreateMaterializedViewShape(string View) : Shape;

/// <param name="Value">The label as its literal is written (<c>'cancelled'</c>).</param>
internal sealed record AddEnumValueShape(string Type, string Value) : Shape;

/// <param name="Verb"><c>UPDATE</c> or <c>DELETE</c>.</param>
/// <param name="Where">The WHERE clause (after the keyword), or null when there is none.</param>
internal sealed record DataChangeShape(string Verb, string Table, string? Where) : Shape;

internal sealed record VacuumShape(bool Full, IReadOnlyList<string> Tables) : Shape;

internal sealed record ClusterShape(string? Table) : Shape;

/// <param name="Kind"><c>INDEX</c>, <c>TABLE</c>, <c>SCHEMA</c>, <c>DATABASE</c> or <c>SYSTEM</c>.</param>
internal sealed record ReindexShape(string Kind, string? Name, bool Concurrently) : Shape;

internal sealed record RefreshShape(string View, bool Concurrently) : Shape;

/// <summary><c>SET [LOCAL] lock_timeout</c> or <c>set_config('lock_timeout', …)</c>.</summary>
internal sealed record SetLockTimeoutShape(bool Local) : Shape;

/// <summary>One action of ALTER TABLE.</summary>
internal abstract record Clause;

internal sealed record OtherClause : Clause;

internal sealed record AddColumnClause(ColumnDef Column) : Clause;

/// <param name="Kind"><c>CHECK</c>, <c>UNIQUE</c>, <c>PRIMARY KEY</c>, <c>FOREIGN KEY</c> or <c>EXCLUDE</c>.</param>
/// <param name="NotNullColumn">For <c>CHECK (col IS NOT NULL)</c>: the column.</param>
/// <param name="References">For a foreign key: the referenced table.</param>
/// <param name="UsingIndex">For <c>UNIQUE</c> or <c>PRIMARY KEY USING INDEX</c>: the index.</param>
internal sealed record AddConstraintClause(
    string? Name, string Kind, IReadOnlyList<string> Columns, string? NotNullColumn, string? References, bool NotValid, string? UsingIndex) : Clause;

internal sealed record ValidateConstraintClause(string Name) : Clause;

internal sealed record DropColumnClause(string Column) : Clause;

internal sealed record DropConstraintClause(string Name) : Clause;

internal sealed record AlterTypeClause(string Column, string Type) : Clause;

internal sealed record SetNotNullClause(string Column) : Clause;

internal sealed record RenameColumnClause(string From, string To) : Clause;

/// <param name="Table">The new qualified name.</param>
internal sealed record RenameTableClause(string Table) : Clause;

internal sealed record RenameConstraintClause(string From, string To) : Clause;

/// <param name="Setting"><c>SET LOGGED</c>, <c>SET UNLOGGED</c>, <c>SET TABLESPACE</c> or <c>SET ACCESS METHOD</c>.</param>
internal sealed record RewriteClause(string Setting) : Clause;
