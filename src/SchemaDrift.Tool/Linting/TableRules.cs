namespace SchemaDrift.Tool.Linting;

/// <summary>The rules of ALTER TABLE, clause by clause.</summary>
internal static class TableRules
{
    public static IEnumerable<LintFinding> Check(StatementContext c, MigrationLinter l, AlterTableShape alter)
    {
        var table = alter.Table;
        var existing = !l.IsNew(table);
        foreach (var clause in alter.Clauses)
        {
            var finding = clause switch
            {
                AddColumnClause add when existing => AddColumn(c, l, table, add.Column),
                AddConstraintClause add => AddConstraint(c, l, table, existing, add),
                ValidateConstraintClause validate when existing && l.NotValidConstraints.TryGetValue(validate.Name, out var added) && added.Table == table && added.Segment == c.Segment =>
                    l.Finding(LintRules.ValidateInSameTransaction, c, table, table + "." + validate.Name,
                        $"VALIDATE CONSTRAINT {validate.Name} runs in the transaction that added it NOT VALID: its scan of {table} runs under the lock the ADD took", "SHARE UPDATE EXCLUSIVE"),
                SetNotNullClause set when existing && l.Tracker.Table(table)?.HasValidatedNotNullCheck(set.Column) != true =>
                    l.Finding(LintRules.SetNotNullScansTable, c, table, table + "." + set.Column,
                        $"SET NOT NULL on {table}.{set.Column} scans every row under an ACCESS EXCLUSIVE lock: no validated CHECK ({set.Column} IS NOT NULL) proves it first", "ACCESS EXCLUSIVE"),
                AlterTypeClause type when existing => AlterType(c, l, table, type),
                RewriteClause rewrite when existing =>
                    l.Finding(LintRules.AlterTableRewrites, c, table, table,
                        $"{rewrite.Setting} copies all of {table} under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE"),
                RenameColumnClause rename when l.Previous.MapsColumn(table, rename.From) =>
                    l.Finding(LintRules.RenameColumnInUse, c, table, table + "." + rename.From,
                        $"RENAME COLUMN {table}.{rename.From} TO {rename.To}: the release running now still maps {rename.From}, and its queries on {table} fail until its instances are replaced", "ACCESS EXCLUSIVE"),
                RenameTableClause rename when l.Previous.MapsTable(table) =>
                    l.Finding(LintRules.RenameTableInUse, c, table, table,
                        $"RENAME {table} TO {rename.Table}: the release running now still maps {table}, and its queries on it fail until its instances are replaced", "ACCESS EXCLUSIVE"),
                DropColumnClause drop when l.Previous.MapsColumn(table, drop.Column) =>
                    l.Finding(LintRules.DropColumnInUse, c, table, table + "." + drop.Column,
                        $"DROP COLUMN {table}.{drop.Column}: the release running now still maps it, and its queries on {table} fail until its instances are replaced", "ACCESS EXCLUSIVE"),
                _ => null,
            };
            if (finding is not null)
            {
                yield return finding;
            }
        }
    }

    private static LintFinding? AddColumn(StatementContext c, MigrationLinter l, string table, ColumnDef column)
    {
        var subject = table + "." + column.Name;
        if (column.StoredGenerated)
        {
            return l.Finding(LintRules.AddStoredGeneratedColumn, c, table, subject,
                $"the stored generated column {subject} is computed for every row: {table} is rewritten under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE");
        }

        if (column.Identity)
        {
            return l.Finding(LintRules.AddIdentityColumn, c, table, subject,
                $"the identity column {subject} gives every existing row a value: {table} is rewritten under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE");
        }

        if (column.VolatileDefault is { } function)
        {
            return l.Finding(LintRules.AddColumnVolatileDefault, c, table, subject,
                $"{subject} is added with the volatile default {function}(): it is computed for every row, and {table} is rewritten under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE");
        }

        if (column.NotNull && !column.HasDefault)
        {
            return l.Finding(LintRules.AddRequiredColumnWithoutDefault, c, table, subject,
                $"{subject} is added NOT NULL without a default: the statement fails if {table} has any row", "ACCESS EXCLUSIVE");
        }

        return null;
    }

    private static LintFinding? AddConstraint(StatementContext c, MigrationLinter l, string table, bool existing, AddConstraintClause add)
    {
        var subject = table + "." + (add.Name ?? add.Kind.ToLowerInvariant());
        if (add.NotValid && add.Name is { } name)
        {
            l.NotValidConstraints[name] = (table, c.Segment);
        }

        if (!existing || add.NotValid)
        {
            return null;
        }

        return add.Kind switch
        {
            "FOREIGN KEY" => l.Finding(LintRules.AddForeignKeyValidates, c, table, subject,
                $"the foreign key {add.Name} checks every row of {table} while writes to it{(add.References is { } r ? " and to " + r : string.Empty)} wait (SHARE ROW EXCLUSIVE lock)", "SHARE ROW EXCLUSIVE"),
            "CHECK" => l.Finding(LintRules.AddCheckValidates, c, table, subject,
                $"the check {add.Name} scans every row of {table} under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE"),
            "UNIQUE" or "PRIMARY KEY" when add.UsingIndex is null => l.Finding(LintRules.UniqueConstraintBuildsIndex, c, table, subject,
                $"the {add.Kind.ToLowerInvariant()} {add.Name} builds its index on {table} under an ACCESS EXCLUSIVE lock: no reads or writes until it is built", "ACCESS EXCLUSIVE"),
            _ => null,
        };
    }

    private static LintFinding? AlterType(StatementContext c, MigrationLinter l, string table, AlterTypeClause type)
    {
        var tracked = l.Tracker.Table(table);
        var old = tracked?.Columns.GetValueOrDefault(type.Column);
        if (old is not null && TypeChanges.WithoutRewrite(old, type.Type))
        {
            return null;
        }

        var subject = table + "." + type.Column;
        var from = old is null ? "its current type (not known from the migrations)" : old;
        if (tracked?.PrimaryKey.Contains(type.Column) == true)
        {
            return l.Finding(LintRules.PrimaryKeyTypeChange, c, table, subject,
                $"the key column {subject} changes from {from} to {type.Type}: {table} and its indexes are rewritten under an ACCESS EXCLUSIVE lock, and so are the foreign keys that reference it", "ACCESS EXCLUSIVE");
        }

        return l.Finding(LintRules.AlterColumnTypeRewrites, c, table, subject,
            $"{subject} changes from {from} to {type.Type}: {(old is null ? "this may rewrite" : "this rewrites")} {table} and its indexes under an ACCESS EXCLUSIVE lock", "ACCESS EXCLUSIVE");
    }
}
