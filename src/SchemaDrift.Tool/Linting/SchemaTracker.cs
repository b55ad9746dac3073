namespace SchemaDrift.Tool.Linting;

/// <summary>A table as the migrations so far made it: its columns' types, its primary key, its NOT NULL checks.</summary>
internal sealed class TrackedTable(string name)
{
    public string Name { get; set; } = name;

    /// <summary>Column name → type as written.</summary>
    public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);

    public List<string> PrimaryKey { get; } = [];

    public string? PrimaryKeyName { get; set; }

    /// <summary>Check constraints of the form <c>CHECK (col IS NOT NULL)</c>: name → (column, validated).</summary>
    public Dictionary<string, (string Column, bool Validated)> NotNullChecks { get; } = new(StringComparer.Ordinal);

    public bool HasValidatedNotNullCheck(string column) => NotNullChecks.Values.Any(c => c.Validated && c.Column == column);
}

/// <summary>
/// What the SQL of the migrations applied so far made, as far as the rules need it: tables with their columns' types
/// and keys, indexes and the tables they belong to, materialized views. Built by replaying each statement's
/// <see cref="Shape"/>; SQL it cannot read leaves it unchanged (rules then say what they could not tell).
/// </summary>
internal sealed class SchemaTracker
{
    private readonly Dictionary<string, TrackedTable> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> indexes = new(StringComparer.Ordinal);
    private readonly HashSet<string> views = new(StringComparer.Ordinal);

    public TrackedTable? Table(string name) => tables.GetValueOrDefault(name);

    public bool IsMaterializedView(string name) => views.Contains(name);

    /// <summary>The table of an index (<paramref name="schema"/> null: the only index of that name in any schema).</summary>
    public string? TableOfIndex(string? schema, string index)
    {
        if (schema is not null)
        {
            return indexes.GetValueOrDefault(schema + "." + index);
        }

        var matches = indexes.Where(i => LintSql.NameOf(i.Key) == index).Select(i => i.Value).Distinct(StringComparer.Ordinal).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public void Apply(Shape shape)
    {
        switch (shape)
        {
            case CreateTableShape create:
                var table = new TrackedTable(create.Table);
                foreach (var column in create.Columns)
                {
                    table.Columns[column.Name] = column.Type;
                }

                table.PrimaryKey.AddRange(create.PrimaryKey);
                table.PrimaryKeyName = create.PrimaryKeyName;
                tables[create.Table] = table;
                break;
            case CreateIndexShape { Name: { } name } index:
                indexes[LintSql.SchemaOf(index.Table) + "." + name] = index.Table;
                break;
            case DropIndexShape drop:
                foreach (var (schema, name) in drop.Indexes)
                {
                    indexes.Remove((schema ?? LintSql.DefaultSchema) + "." + name);
                }

                break;
            case AlterTableShape alter:
                foreach (var clause in alter.Clauses)
                {
                    Apply(alter.Table, clause);
                }

                break;
            case DropTableShape drop:
                foreach (var name in drop.Tables)
                {
                    tables.Remove(name);
                    views.Remove(name);
                    foreach (var key in indexes.Where(i => i.Value == name).Select(i => i.Key).ToList())
                    {
                        indexes.Remove(key);
                    }
                }

                break;
            case CreateMaterializedViewShape view:
                views.Add(view.View);
                break;
        }
    }

    private void Apply(string tableName, Clause clause)
    {
        var table = tables.GetValueOrDefault(tableName);
        switch (clause)
        {
            case RenameTableClause rename:
                if (table is not null)
                {
                    tables.Remove(tableName);
                    table.Name = rename.Table;
                    tables[rename.Table] = table;
                }

                foreach (var key in indexes.Where(i => i.Value == tableName).Select(i => i.Key).ToList())
                {
                    indexes[key] = rename.Table;
                }

                return;
            case AddConstraintClause { UsingIndex: { } index, Name: { } name }:
                // The index becomes the constraint's and takes its name.
                indexes.Remove(LintSql.SchemaOf(tableName) + "." + index);
                indexes[LintSql.SchemaOf(tableName) + "." + name] = tableName;
                break;
            case AddConstraintClause { Kind: "UNIQUE" or "PRIMARY KEY", Name: { } name }:
                indexes[LintSql.SchemaOf(tableName) + "." + name] = tableName;
                break;
        }

        if (table is null)
        {
            return;
        }

        switch (clause)
        {
            case AddColumnClause add:
                table.Columns[add.Column.Name] = add.Column.Type;
                if (LintPatterns.PrimaryKey().IsMatch(add.Column.Rest))
                {
                    table.PrimaryKey.Clear();
                    table.PrimaryKey.Add(add.Column.Name);
                }

                break;
            case AddConstraintClause { Kind: "PRIMARY KEY" } key:
                table.PrimaryKey.Clear();
                table.PrimaryKey.AddRange(key.Columns);
                table.PrimaryKeyName = key.Name;
                break;
            case AddConstraintClause { NotNullColumn: { } column, Name: { } name } check:
                table.NotNullChecks[name] = (column, !check.NotValid);
                break;
            case ValidateConstraintClause validate when table.NotNullChecks.TryGetValue(validate.Name, out var check):
                table.NotNullChecks[validate.Name] = (check.Column, true);
                break;
            case DropConstraintClause drop:
                table.NotNullChecks.Remove(drop.Name);
                if (drop.Name == table.PrimaryKeyName)
                {
                    table.PrimaryKey.Clear();
                    table.PrimaryKeyName = null;
                }

                indexes.Remove(LintSql.SchemaOf(tableName) + "." + drop.Name);
                break;
            case DropColumnClause drop:
                table.Columns.Remove(drop.Column);
                table.PrimaryKey.Remove(drop.Column);
                foreach (var name in table.NotNullChecks.Where(c => c.Value.Column == drop.Column).Select(c => c.Key).ToList())
                {
                    table.NotNullChecks.Remove(name);
                }

                break;
            case AlterTypeClause type:
                table.Columns[type.Column] = type.Type;
                break;
            case RenameColumnClause rename:
                if (table.Columns.Remove(rename.From, out var columnType))
                {
                    table.Columns[rename.To] = columnType;
                }

                var at = table.PrimaryKey.IndexOf(rename.From);
                if (at >= 0)
                {
                    table.PrimaryKey[at] = rename.To;
                }

                foreach (var (name, check) in table.NotNullChecks.Where(c => c.Value.Column == rename.From).ToList())
                {
                    table.NotNullChecks[name] = (rename.To, check.Validated);
                }

                break;
            case RenameConstraintClause rename:
                if (table.NotNullChecks.Remove(rename.From, out var renamed))
                {
                    table.NotNullChecks[rename.To] = renamed;
                }

                if (table.PrimaryKeyName == rename.From)
                {
                    table.PrimaryKeyName = rename.To;
                }

                break;
        }
    }
}
