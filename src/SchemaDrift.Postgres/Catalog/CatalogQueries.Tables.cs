namespace SchemaDrift.Postgres.Catalog;

// The queries of tables and what belongs to them: columns, constraints, indexes, with every property pg_dump
// writes for them.
internal static partial class CatalogQueries
{
    /// <summary>
    /// Tables, partitioned tables, views and materialized views (relkind r, p, v, m), with replica identity, access
    /// method (when not heap), tablespace (when not the default) and the TOAST table's storage parameters.
    /// </summary>
    public static readonly string Relations = $"""
        SELECT c.oid, n.nspname, c.relname, c.relkind::int, c.relpersistence::int,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
               c.reloptions, c.relrowsecurity, c.relforcerowsecurity,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
               ds.description, c.relispartition, c.reltype, c.relreplident::int,
               CASE WHEN c.relkind IN ('r', 'm') AND am.amname <> 'heap' THEN am.amname END,
               CASE WHEN c.reltablespace <> 0 THEN ts.spcname END,
               CASE WHEN c.reltoastrelid <> 0 THEN (SELECT tc.reloptions FROM pg_class tc WHERE tc.oid = c.reltoastrelid) END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_am am ON am.oid = c.relam LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
        {Comment("ds", "pg_class", "c.oid")}
        WHERE c.relkind IN ('r', 'p', 'v', 'm') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        """;

    /// <summary>Every table's parents (inheritance and partitioning), named, in declaration order.</summary>
    public const string Parents = """
        SELECT i.inhrelid, pn.nspname, p.relname, i.inhseqno
        FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE p.relkind IN ('r', 'p')
        """;

    /// <summary>
    /// All columns of all tables and views at once, each with whether it has grants of its own (attacl: the batch
    /// learns here whether the kind "granted columns" needs counting, rather than from a scan of pg_attribute, see
    /// <see cref="NotComparedCandidates"/>). Stored generated columns have an expression, not a default;
    /// virtual ones (PostgreSQL 18) are not modelled and are reported as not compared;
    /// compression from PostgreSQL 14 on. A default is printed without its table (<c>pg_get_expr(adbin, 0)</c>):
    /// a DEFAULT can reference no column, so the text is the same, and the server does not open every table to
    /// name columns no default has (with the table, that is most of this query's cost). The defaults are joined in
    /// one pass over pg_attrdef (the fenced subquery), not looked up column by column: the planner expects a few
    /// columns per table and would probe the index once per column.
    /// </summary>
    public static string Columns(int serverVersionNum) => $"""
        SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END,
               a.attidentity::int,
               CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               a.attislocal, ds.description, ad.oid, a.attgenerated::int,
               NULLIF(a.attstattarget, -1)::int,
               CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::int END,
               {(serverVersionNum >= 140000 ? "NULLIF(a.attcompression, '')::text" : "NULL::text")},
               a.attoptions, t.typstorage::int,
               a.atttypid, a.attcollation, t.typtype::int, t.typcategory::int, {IsArrayType("t", serverVersionNum)},
               a.attacl IS NOT NULL
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN (SELECT adrelid, adnum, oid, adbin FROM pg_attrdef OFFSET 0) ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        {Comment("ds", "pg_class", "a.attrelid", "a.attnum")}
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
          AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        """;

    /// <summary>The options of identity columns, from their sequences (deptype 'i'), and where each stands.</summary>
    public static readonly string IdentitySequences = IdentitySequencesQuery(positions: true);

    /// <summary><see cref="IdentitySequences"/> without where each stands.</summary>
    public static readonly string IdentitySequencesWithoutPositions = IdentitySequencesQuery(positions: false);

    private static string IdentitySequencesQuery(bool positions) => $"""
        SELECT d.refobjid, d.refobjsubid, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               {Position("s.seqrelid", "s.seqstart", positions)}, s.seqrelid
        FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
        """;

    /// <summary>
    /// What an index carries beyond its definition (alias ix: its pg_class row; x: its pg_index row). Only an
    /// expression column of an index takes a statistics target (the server refuses it on the others), so the
    /// index's columns are looked up only for indexes with expressions.
    /// </summary>
    private const string IndexSettings = """
        ix.reloptions, CASE WHEN ix.reltablespace <> 0 THEN (SELECT spcname FROM pg_tablespace WHERE oid = ix.reltablespace) END,
               CASE WHEN x.indexprs IS NOT NULL THEN ARRAY(SELECT ia.attnum || '=' || ia.attstattarget FROM pg_attribute ia
                     WHERE ia.attrelid = ix.oid AND ia.attstattarget IS NOT NULL AND ia.attstattarget <> -1 ORDER BY ia.attnum)
                    ELSE '{}'::text[] END,
               x.indisclustered, x.indisreplident
        """;

    /// <summary>
    /// The index a partition's index (or key) is attached to, through pg_inherits: only an index marked as a
    /// partition (relispartition) has one.
    /// </summary>
    private const string ParentIndex = """
        CASE WHEN ix.relispartition THEN (SELECT ARRAY[pn.nspname::text, pc.relname::text] FROM pg_inherits h
           JOIN pg_class pc ON pc.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE h.inhrelid = ix.oid) END
        """;

    /// <summary>
    /// Constraints declared on the table itself: not cloned from a partitioned parent (conparentid) unless they
    /// have an index of their own (a partition's key, attached to the parent's), not only inherited from a parent
    /// (conislocal); a key's or exclusion constraint's index settings and comment. The definition is
    /// pg_get_constraintdef for exclusion constraints, and for keys and checks only where ConstraintPrinter and
    /// CheckPrinter do not print them (server versions they do not know, temporal keys); otherwise the parts a key is
    /// made of: the referenced columns and actions of a foreign key, the included columns and NULLS NOT DISTINCT of a
    /// unique key; and a check's stored expression (conbin, as text) and NO INHERIT.
    /// </summary>
    public static string Constraints(int serverVersionNum)
    {
        var serverPrints = !PrintsIndexes(serverVersionNum)
            ? "true"
            : "con.contype = 'x'" + (serverVersionNum >= 170000 ? " OR con.conperiod" : string.Empty);
        var checkTree = PrintsIndexes(serverVersionNum) ? "CASE WHEN con.contype = 'c' THEN con.conbin::text END" : "NULL::text";
        return $"""
            SELECT con.oid, con.conrelid, con.conname, con.contype::int, CASE WHEN {serverPrints} THEN pg_get_constraintdef(con.oid) END,
                   con.convalidated, con.condeferrable, con.condeferred, con.conkey, rn.nspname, r.relname, ds.description,
                   {IndexSettings}, dx.description, {ParentIndex},
                   con.confrelid, con.confkey, con.confmatchtype::int, con.confupdtype::int, con.confdeltype::int,
                   {(serverVersionNum >= 150000 ? "con.confdelsetcols" : "NULL::int2[]")}, x.indkey::int2[],
                   {(serverVersionNum >= 150000 ? "x.indnullsnotdistinct" : "false")}, {checkTree}, con.connoinherit
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class r ON r.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
            LEFT JOIN pg_class ix ON ix.oid = con.conindid AND con.contype IN ('p', 'u', 'x')
            LEFT JOIN pg_index x ON x.indexrelid = ix.oid
            {Comment("ds", "pg_constraint", "con.oid")}
            {Comment("dx", "pg_class", "ix.oid")}
            WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
              AND CASE WHEN con.conparentid <> 0 THEN con.contype IN ('p', 'u', 'x') ELSE con.conislocal END
              AND c.relkind IN ('r', 'p') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
            """;
    }

    /// <summary>Definitions of the given constraints (<c>@oids</c>) as the server prints them.</summary>
    public const string ConstraintDefinitions = """
        SELECT o, pg_get_constraintdef(o) FROM unnest(@oids::oid[]) o
        """;

    /// <summary>Composite types (not the row types of tables), their attributes in order.</summary>
    public static readonly string CompositeTypes = $"""
        SELECT t.oid, t.typrelid, n.nspname, t.typname, ds.description,
               ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
               ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
               ARRAY(SELECT CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                                 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                     FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                     LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
               ARRAY(SELECT col_description(t.typrelid, a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class tc ON tc.oid = t.typrelid AND tc.relkind = 'c'
        {Comment("ds", "pg_type", "t.oid")}
        WHERE t.typtype = 'c' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        """;

    /// <summary>
    /// Range types, as pg_dump writes them: the multirange type from PostgreSQL 14 on; the operator class only when it
    /// is not the subtype's default, the collation only when it is not the subtype's own; the functions as regproc
    /// prints them ('-' for none).
    /// </summary>
    public static string RangeTypes(int serverVersionNum) => $"""
        SELECT t.oid, n.nspname, t.typname, format_type(r.rngsubtype, NULL),
               {(serverVersionNum >= 140000 ? "r.rngmultitypid, mn.nspname, mt.typname" : "0::oid, NULL::name, NULL::name")},
               CASE WHEN NOT oc.opcdefault THEN quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END,
               CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               NULLIF(r.rngcanonical::regproc::text, '-'), NULLIF(r.rngsubdiff::regproc::text, '-'), ds.description
        FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_type st ON st.oid = r.rngsubtype
        JOIN pg_opclass oc ON oc.oid = r.rngsubopc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
        LEFT JOIN pg_collation co ON co.oid = r.rngcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        {(serverVersionNum >= 140000 ? "LEFT JOIN pg_type mt ON mt.oid = r.rngmultitypid LEFT JOIN pg_namespace mn ON mn.oid = mt.typnamespace" : string.Empty)}
        {Comment("ds", "pg_type", "t.oid")}
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        """;

    /// <summary>Every cast the server knows (built-in and user-defined), by type name, to tell which type changes convert.</summary>
    public const string Casts = """
        SELECT format_type(c.castsource, NULL) || '→' || format_type(c.casttarget, NULL) FROM pg_cast c
        """;
}
