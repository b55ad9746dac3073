using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Schemas, extensions, collations, enums, domains, composite and range types, and sequences.</summary>
internal static class TypeMapper
{
    public static IEnumerable<DbSchema> Schemas(CatalogRows rows, Func<string, bool> keep) =>
        rows.Schemas.Select(s => new DbSchema(s.Name, s.Comment)).Where(s => keep(s.Name));

    public static IEnumerable<DbExtension> Extensions(CatalogRows rows) =>
        rows.Extensions.Select(e => new DbExtension(e.Name, e.Schema, e.Version, e.Comment));

    public static IEnumerable<DbCollation> Collations(CatalogRows rows, Func<string, bool> keep) => rows.Collations
        .Select(c => new DbCollation(
            new QualifiedName(c.Schema, c.Name),
            c.Provider switch { "i" => "icu", "c" => "libc", "b" => "builtin", _ => "default" },
            c.Collate,
            c.Ctype,
            c.Locale,
            c.Deterministic,
            c.Comment))
        .Where(c => keep(c.DisplayName));

    public static IEnumerable<DbEnum> Enums(CatalogRows rows, Func<string, bool> keep) => rows.Enums
        .Select(e => new DbEnum(new QualifiedName(e.Schema, e.Name), e.Labels.ToValueList(), e.Comment))
        .Where(e => keep(e.DisplayName));

    /// <summary>Domains with their CHECK constraints in name order.</summary>
    public static IEnumerable<DbDomain> Domains(CatalogRows rows, Func<string, bool> keep)
    {
        var constraints = rows.DomainConstraints.ToLookup(c => c.DomainOid);
        return rows.Domains
            .Select(d => new DbDomain(
                new QualifiedName(d.Schema, d.Name),
                d.BaseType,
                d.Default,
                d.NotNull,
                d.Collation,
                constraints[d.Oid]
                    .OrderBy(c => c.Name, StringComparer.Ordinal)
                    .Select(c => new DbDomainConstraint(c.Name, c.Definition, c.Validated, c.Comment))
                    .ToValueList(),
                d.Comment))
            .Where(d => keep(d.DisplayName));
    }

    public static IEnumerable<DbSequence> Sequences(CatalogRows rows, Func<string, bool> keep) => rows.Sequences
        .Select(s => new DbSequence(
            new QualifiedName(s.Schema, s.Name), s.DataType, s.Start, s.Increment, s.Min, s.Max, s.Cache, s.Cycle, s.OwnedBy, s.Comment, s.Unlogged))
        .Where(s => keep(s.DisplayName));

    public static IEnumerable<DbCompositeType> CompositeTypes(CatalogRows rows, Func<string, bool> keep) => rows.CompositeTypes
        .Select(t => new DbCompositeType(
            new QualifiedName(t.Schema, t.Name),
            t.Names.Select((name, i) => new DbCompositeAttribute(name, t.Types[i], t.Collations.ElementAtOrDefault(i), t.Comments.ElementAtOrDefault(i))).ToValueList(),
            t.Comment))
        .Where(t => keep(t.DisplayName));

    public static IEnumerable<DbRangeType> RangeTypes(CatalogRows rows, Func<string, bool> keep) => rows.RangeTypes
        .Select(r => new DbRangeType(
            new QualifiedName(r.Schema, r.Name),
            r.Subtype,
            r.MultirangeName is null ? null : new QualifiedName(r.MultirangeSchema!, r.MultirangeName),
            r.SubtypeOpclass,
            r.Collation,
            r.Canonical,
            r.SubtypeDiff,
            r.Comment))
        .Where(r => keep(r.DisplayName));

    /// <summary>Where the sequences and identity columns read stand, for those the role may read.</summary>
    public static IEnumerable<DbSequencePosition> Positions(CatalogRows rows, RelationMapper relations) =>
        rows.Sequences.Where(s => s.Position is not null).Select(s => new DbSequencePosition($"sequence:{s.Schema}.{s.Name}", s.Position!.Value))
            .Concat(rows.Columns
                .Where(c => c.IdentitySequence?.Position is not null && relations.Relations.ContainsKey(c.RelationOid))
                .Select(c => new DbSequencePosition(
                    $"column:{relations.Relations[c.RelationOid].Schema}.{relations.Relations[c.RelationOid].Name}.{c.Name}", c.IdentitySequence!.Position!.Value)));
}
