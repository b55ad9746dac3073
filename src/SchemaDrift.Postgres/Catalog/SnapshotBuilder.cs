using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Turns the catalog rows into the immutable snapshot: grouping, keys, dependencies and name filters.</summary>
internal static class SnapshotBuilder
{
    public static SchemaSnapshot Build(CatalogRows rows, CatalogFilter filter)
    {
        var relations = rows.Relations.ToDictionary(r => r.Oid);
        var columnsByRelation = rows.Columns.ToLookup(c => c.RelationOid);
        var columnNames = rows.Columns.ToDictionary(c => (c.RelationOid, c.Number), c => c.Name);
        ValueList<string> Names(uint relation, short[] numbers) =>
            numbers.Select(n => n > 0 && columnNames.TryGetValue((relation, n), out var name) ? name : string.Empty).ToValueList();
        var keys = new ObjectKeys(rows, relations);
        bool Keep(string name) => !filter.IsExcluded(name);

        var tables = rows.Relations
            .Where(r => r.Kind is 'r' or 'p' && Keep($"{r.Schema}.{r.Name}"))
            .Select(r => BuildTable(r, columnsByRelation[r.Oid], Keep))
            .ToList();
        var keptTables = tables.Select(t => t.Name).ToHashSet();
        var views = rows.Relations
            .Where(r => r.Kind is 'v' or 'm' && Keep($"{r.Schema}.{r.Name}"))
            .Select(r => new DbView(
                new QualifiedName(r.Schema, r.Name),
                r.Kind == 'm',
                r.ViewDefinition ?? string.Empty,
                r.Options.Order(StringComparer.Ordinal).ToValueList(),
                columnsByRelation[r.Oid].Select(c => new DbViewColumn(c.Name, c.DataType, c.Comment)).ToValueList(),
                r.Comment))
            .ToList();
        var keptViews = views.Select(v => v.Name).ToHashSet();

        QualifiedName RelationName(uint oid) => new(relations[oid].Schema, relations[oid].Name);

        var constraints = rows.Constraints
            .Where(c => relations.ContainsKey(c.RelationOid) && keptTables.Contains(RelationName(c.RelationOid)))
            .Select(c => new DbConstraint(
                RelationName(c.RelationOid),
                c.Name,
                c.Kind switch
                {
                    'p' => ConstraintKind.PrimaryKey,
                    'u' => ConstraintKind.Unique,
                    'f' => ConstraintKind.ForeignKey,
                    'c' => ConstraintKind.Check,
                    _ => ConstraintKind.Exclusion,
                },
                c.Definition,
                c.Validated,
                c.Deferrable,
                c.Deferred,
                Names(c.RelationOid, c.Columns),
                c.ReferencedName is null ? null : new QualifiedName(c.ReferencedSchema!, c.ReferencedName),
                c.Comment))
            .Where(c => Keep(c.DisplayName))
            .ToList();

        var indexes = rows.Indexes
            .Where(i => relations.ContainsKey(i.RelationOid))
            .Select(i => new DbIndex(RelationName(i.RelationOid), i.Name, i.Definition, i.Unique, i.Valid, Names(i.RelationOid, i.Columns), i.Comment))
            .Where(i => (keptTables.Contains(i.Table) || keptViews.Contains(i.Table)) && Keep(i.DisplayName))
            .ToList();

        var triggers = rows.Triggers
            .Where(t => relations.ContainsKey(t.RelationOid))
            .Select(t => new DbTrigger(RelationName(t.RelationOid), t.Name, t.Definition, t.Enabled, t.Comment))
            .Where(t => (keptTables.Contains(t.Table) || keptViews.Contains(t.Table)) && Keep(t.DisplayName))
            .ToList();

        var policies = rows.Policies
            .Where(p => relations.ContainsKey(p.RelationOid) && keptTables.Contains(RelationName(p.RelationOid)))
            .Select(p => new DbPolicy(
                RelationName(p.RelationOid),
                p.Name,
                p.Command switch { 'r' => "SELECT", 'a' => "INSERT", 'w' => "UPDATE", 'd' => "DELETE", _ => "ALL" },
                p.Permissive,
                p.Roles.ToValueList(),
                p.Using,
                p.WithCheck,
                p.Comment))
            .Where(p => Keep(p.DisplayName))
            .ToList();

        var functions = rows.Functions
            .Select(f => new DbFunction(
                new QualifiedName(f.Schema, f.Name),
                f.Arguments,
                f.Kind switch { 'p' => RoutineKind.Procedure, 'a' => RoutineKind.Aggregate, 'w' => RoutineKind.Window, _ => RoutineKind.Function },
                f.Definition,
                f.Comment))
            .Where(f => Keep(f.Name.ToString()) && Keep(f.DisplayName))
            .ToList();

        var snapshot = new SchemaSnapshot(
            rows.ServerVersionNum,
            rows.Database,
            Sorted(rows.Schemas.Select(s => new DbSchema(s.Name, s.Comment)).Where(s => Keep(s.Name))),
            Sorted(rows.Extensions.Select(e => new DbExtension(e.Name, e.Schema, e.Version, e.Comment))),
            Sorted(rows.Collations.Select(c => new DbCollation(
                new QualifiedName(c.Schema, c.Name),
                c.Provider switch { "i" => "icu", "c" => "libc", _ => "default" },
                c.Collate,
                c.Ctype,
                c.Locale,
                c.Deterministic,
                c.Comment)).Where(c => Keep(c.DisplayName))),
            Sorted(rows.Enums.Select(e => new DbEnum(new QualifiedName(e.Schema, e.Name), e.Labels.ToValueList(), e.Comment)).Where(e => Keep(e.DisplayName))),
            Sorted(rows.Domains.Select(BuildDomain).Where(d => Keep(d.DisplayName))),
            Sorted(rows.Sequences.Select(s => new DbSequence(
                new QualifiedName(s.Schema, s.Name), s.DataType, s.Start, s.Increment, s.Min, s.Max, s.Cache, s.Cycle, s.OwnedBy, s.Comment))
                .Where(s => Keep(s.DisplayName))),
            Sorted(tables),
            Sorted(constraints),
            Sorted(indexes),
            Sorted(views),
            Sorted(functions),
            Sorted(triggers),
            Sorted(policies),
            Sorted(rows.Privileges.Select(BuildPrivilege)),
            ValueList<DbDependency>.Empty,
            rows.NotCompared.Select(n => new NotComparedKind(n.Kind, n.Count, n.Examples.ToValueList())).ToValueList(),
            filter.IncludePrivileges);

        var present = snapshot.AllObjects().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        return snapshot with { Dependencies = keys.Dependencies(rows.Dependencies, present) };
    }

    private static DbTable BuildTable(RelationRow r, IEnumerable<ColumnRow> columns, Func<string, bool> keep)
    {
        var name = new QualifiedName(r.Schema, r.Name);
        var parents = r.ParentSchemas.Zip(r.ParentNames, (s, n) => new QualifiedName(s, n)).ToList();
        return new DbTable(
            name,
            r.Kind == 'p' ? TableKind.Partitioned : TableKind.Regular,
            r.Persistence == 'u',
            r.PartitionKey,
            r.IsPartition && parents.Count > 0 ? parents[0] : null,
            r.PartitionBound,
            (r.IsPartition ? [] : parents).ToValueList(),
            r.Options.Order(StringComparer.Ordinal).ToValueList(),
            r.RowSecurity,
            r.ForceRowSecurity,
            columns.Select(c => BuildColumn(name, c, r.IsPartition)).Where(c => keep(c.DisplayName)).ToValueList(),
            r.Comment);
    }

    /// <summary>A partition's columns are always its parent's, whether it was created as a partition or attached.</summary>
    private static DbColumn BuildColumn(QualifiedName table, ColumnRow c, bool partition) => new(
        table,
        c.Name,
        c.DataType,
        c.NotNull,
        c.Default,
        c.Identity switch { 'a' => IdentityKind.Always, 'd' => IdentityKind.ByDefault, _ => IdentityKind.None },
        c.IdentitySequence is { } s ? new DbIdentityOptions(s.DataType, s.Start, s.Increment, s.Min, s.Max, s.Cache, s.Cycle) : null,
        c.Generated,
        c.Collation,
        !c.IsLocal || partition,
        c.Comment);

    private static DbDomain BuildDomain(DomainRow d) => new(
        new QualifiedName(d.Schema, d.Name),
        d.BaseType,
        d.Default,
        d.NotNull,
        d.Collation,
        d.ConstraintNames.Select((n, i) => new DbDomainConstraint(n, d.ConstraintDefinitions[i], d.ConstraintValidated[i])).ToValueList(),
        d.Comment);

    private static DbPrivilege BuildPrivilege(PrivilegeRow p)
    {
        var name = new QualifiedName(p.Schema, p.Name);
        var (key, kind, sql) = p.Kind switch
        {
            "function" => ($"function:{name}({p.Signature})", ObjectKind.Function, $"FUNCTION {name.Sql}({p.Signature})"),
            "schema" => ($"schema:{p.Name}", ObjectKind.Schema, $"SCHEMA {Sql.SqlText.Ident(p.Name)}"),
            "type" => ($"type:{name}", ObjectKind.Enum, $"TYPE {name.Sql}"),
            "sequence" => ($"sequence:{name}", ObjectKind.Sequence, $"SEQUENCE {name.Sql}"),
            "view" => ($"view:{name}", ObjectKind.View, $"TABLE {name.Sql}"),
            _ => ($"table:{name}", ObjectKind.Table, $"TABLE {name.Sql}"),
        };
        return new DbPrivilege(key, kind, sql, p.Grantee, p.Privilege, p.Grantable);
    }

    private static ValueList<T> Sorted<T>(IEnumerable<T> items)
        where T : ISchemaObject =>
        items.OrderBy(i => i.Key, StringComparer.Ordinal).ToValueList();
}
