using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Repair;

/// <summary>
/// For one change, a SQL expression that reads, from the catalog of whatever database it runs on, the aspect of the
/// object that the change alters: whether it exists (for additions and removals), or its type, nullability, default,
/// definition, labels, parameters or comment (for modifications). It yields text, or NULL when the object is absent,
/// and is evaluated with <c>search_path = pg_catalog</c> so that names print the same everywhere. A repair runs only
/// where the probe differs from its value on the expected schema, which makes the repair a no-op elsewhere.
/// </summary>
public static class GuardProbe
{
    /// <summary>The probe, or null when no probe can watch this kind of change (it is then not repaired automatically).</summary>
    public static string? For(SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> expected, IReadOnlyDictionary<string, ISchemaObject> live)
    {
        var target = expected.GetValueOrDefault(change.ObjectKey) ?? live.GetValueOrDefault(change.ObjectKey);
        if (target is null)
        {
            return null;
        }

        if (change.Kind == ChangeKind.ChangeComment)
        {
            return Comment(target);
        }

        var exists = change.ChangeType != ChangeType.Modified;
        return target switch
        {
            DbSchema s => exists ? $"(SELECT 'exists' FROM pg_namespace WHERE nspname = {SqlText.Literal(s.Name)})" : null,
            DbTable t => exists
                ? $"(SELECT 'exists' WHERE {Regclass(t.Name)} IS NOT NULL)"
                : change.Kind == ChangeKind.AlterTableRls ? $"(SELECT relrowsecurity::text || '|' || relforcerowsecurity::text FROM pg_class WHERE oid = {Regclass(t.Name)})" : null,
            DbColumn c => Column(c, change.Kind, exists),
            DbConstraint k => Constraint(k, change.Kind, exists),
            DbIndex i => exists
                ? $"(SELECT 'exists' WHERE {Regclass(i.Table.Schema, i.Name)} IS NOT NULL)"
                : change.Kind == ChangeKind.ChangeIndex ? $"pg_get_indexdef({Regclass(i.Table.Schema, i.Name)})" : null,
            DbView v => exists
                ? $"(SELECT 'exists' FROM pg_class WHERE oid = {Regclass(v.Name)} AND relkind IN ('v', 'm'))"
                : change.Kind is ChangeKind.ChangeView or ChangeKind.ChangeMaterializedView ? $"pg_get_viewdef({Regclass(v.Name)}, true)" : null,
            DbFunction f => exists
                ? $"(SELECT 'exists' FROM {Routine(f)})"
                : change.Kind is ChangeKind.ChangeFunction or ChangeKind.ChangeProcedure ? $"(SELECT pg_get_functiondef(p.oid) FROM {Routine(f)})" : null,
            DbTrigger g => Trigger(g, change.Kind, exists),
            DbSequence q => exists
                ? $"(SELECT 'exists' FROM pg_class WHERE oid = {Regclass(q.Name)} AND relkind = 'S')"
                : change.Kind == ChangeKind.AlterSequence
                    ? $"(SELECT concat_ws('|', format_type(seqtypid, NULL), seqstart, seqincrement, seqmin, seqmax, seqcache, seqcycle) FROM pg_sequence WHERE seqrelid = {Regclass(q.Name)})"
                    : null,
            DbEnum e => exists
                ? $"(SELECT 'exists' FROM pg_type WHERE oid = {Regtype(e.Name)})"
                : change.Kind is ChangeKind.AddEnumValue or ChangeKind.ReplaceEnum or ChangeKind.ReorderEnum
                    ? $"(SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = {Regtype(e.Name)})"
                    : null,
            _ => null,
        };
    }

    /// <summary>
    /// A likely rename is there when the table has the extra column and lacks the missing one: <c>'rename'</c>, else NULL.
    /// </summary>
    public static string ForRename(ColumnRename rename)
    {
        string Has(string column) =>
            $"EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = {Regclass(rename.Table)} AND a.attname = {SqlText.Literal(column)} AND a.attnum > 0 AND NOT a.attisdropped)";
        return $"(SELECT 'rename' WHERE {Has(rename.Extra.Name)} AND NOT {Has(rename.Missing.Name)})";
    }

    private static string? Column(DbColumn c, ChangeKind kind, bool exists)
    {
        var from = $"FROM pg_attribute a WHERE a.attrelid = {Regclass(c.Table)} AND a.attname = {SqlText.Literal(c.Name)} AND a.attnum > 0 AND NOT a.attisdropped";
        return exists
            ? $"(SELECT 'exists' {from})"
            : kind switch
            {
                ChangeKind.AlterColumnType => $"(SELECT format_type(a.atttypid, a.atttypmod) {from})",
                ChangeKind.AlterColumnNullability => $"(SELECT a.attnotnull::text {from})",
                ChangeKind.AlterColumnDefault => $"(SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum " +
                                          $"WHERE a.attrelid = {Regclass(c.Table)} AND a.attname = {SqlText.Literal(c.Name)} AND NOT a.attisdropped)",
                ChangeKind.AlterColumnIdentity => $"(SELECT a.attidentity::text || '|' || coalesce((SELECT concat_ws('|', s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle) " +
                                           $"FROM pg_sequence s WHERE s.seqrelid = pg_get_serial_sequence({SqlText.Literal(SqlText.Ident(c.Table.Schema, c.Table.Name))}, {SqlText.Literal(c.Name)})::regclass), '') {from})",
                ChangeKind.AlterColumnCollation => $"(SELECT coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation), '') {from})",
                _ => null,
            };
    }

    private static string? Constraint(DbConstraint k, ChangeKind kind, bool exists)
    {
        var from = $"FROM pg_constraint WHERE conrelid = {Regclass(k.Table)} AND conname = {SqlText.Literal(k.Name)}";
        return exists
            ? $"(SELECT 'exists' {from})"
            : kind switch
            {
                ChangeKind.ChangeConstraint => $"(SELECT concat_ws('|', pg_get_constraintdef(oid), condeferrable, condeferred) {from})",
                ChangeKind.ValidateConstraint => $"(SELECT convalidated::text {from})",
                _ => null,
            };
    }

    private static string? Trigger(DbTrigger g, ChangeKind kind, bool exists)
    {
        var from = $"FROM pg_trigger WHERE tgrelid = {Regclass(g.Table)} AND tgname = {SqlText.Literal(g.Name)} AND NOT tgisinternal";
        return exists
            ? $"(SELECT 'exists' {from})"
            : kind switch
            {
                ChangeKind.ChangeTrigger => $"(SELECT pg_get_triggerdef(oid) {from})",
                ChangeKind.AlterTriggerEnabled => $"(SELECT tgenabled::text {from})",
                _ => null,
            };
    }

    private static string? Comment(ISchemaObject target) => target switch
    {
        DbSchema s => $"(SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = {SqlText.Literal(s.Name)})",
        DbTable t => $"obj_description({Regclass(t.Name)}, 'pg_class')",
        DbView v => $"obj_description({Regclass(v.Name)}, 'pg_class')",
        DbSequence q => $"obj_description({Regclass(q.Name)}, 'pg_class')",
        DbIndex i => $"obj_description({Regclass(i.Table.Schema, i.Name)}, 'pg_class')",
        DbColumn c => $"(SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a WHERE a.attrelid = {Regclass(c.Table)} AND a.attname = {SqlText.Literal(c.Name)} AND NOT a.attisdropped)",
        DbEnum e => $"obj_description({Regtype(e.Name)}, 'pg_type')",
        DbConstraint k => $"(SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conrelid = {Regclass(k.Table)} AND conname = {SqlText.Literal(k.Name)})",
        DbTrigger g => $"(SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger WHERE tgrelid = {Regclass(g.Table)} AND tgname = {SqlText.Literal(g.Name)})",
        DbFunction f => $"(SELECT obj_description(p.oid, 'pg_proc') FROM {Routine(f)})",
        _ => null,
    };

    private static string Regclass(QualifiedName name) => Regclass(name.Schema, name.Name);

    private static string Regclass(string schema, string name) => $"to_regclass({SqlText.Literal(SqlText.Ident(schema, name))})";

    private static string Regtype(QualifiedName name) => $"to_regtype({SqlText.Literal(SqlText.Ident(name.Schema, name.Name))})";

    private static string Routine(DbFunction f) =>
        $"pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = {SqlText.Literal(f.Name.Schema)} AND p.proname = {SqlText.Literal(f.Name.Name)} " +
        $"AND pg_get_function_identity_arguments(p.oid) = {SqlText.Literal(f.IdentityArguments)}";
}
