namespace SchemaDrift.Postgres.Catalog;

// The indexes, and what the reader needs to print their definitions itself (IndexPrinter): the server's keywords,
// its index access methods and their default operator classes, and the casts that decide which class is a type's
// default.
internal static partial class CatalogQueries
{
    /// <summary>
    /// The server versions whose pg_get_indexdef IndexPrinter reproduces (13 to 17). On any other version every
    /// definition comes from pg_get_indexdef.
    /// </summary>
    public static bool PrintsIndexes(int serverVersionNum) => serverVersionNum is >= 130000 and < 180000;

    /// <summary>An array type as the server's get_element_type sees it (from PostgreSQL 14 on: subscripted as an array).</summary>
    internal static string IsArrayType(string t, int serverVersionNum) => serverVersionNum >= 140000
        ? $"({t}.typelem <> 0 AND {t}.typsubscript = 'array_subscript_handler'::regproc)"
        : $"({t}.typelem <> 0 AND {t}.typlen = -1)";

    /// <summary>
    /// Indexes of tables and materialized views that no constraint owns, partitions' indexes included. The
    /// definition is pg_get_indexdef where an index has what IndexPrinter does not print (storage parameters,
    /// operator class options); otherwise the parts it is made of: operator classes, options (DESC, NULLS FIRST),
    /// collations, included columns, names, and the stored key expressions and predicate (indexprs, indpred as
    /// text) for CheckPrinter. The server's printer opens the table of every index with an expression or a predicate
    /// to name its columns (a relcache entry each, cold in a fresh session): about 110 ms of a 2,000-table read.
    /// Whether a column has operator class options is probed index by index (LIMIT 1 keeps the planner from
    /// hashing a scan of all of pg_attribute instead).
    /// </summary>
    public static string Indexes(int serverVersionNum)
    {
        var printed = PrintsIndexes(serverVersionNum);
        var serverPrints = !printed
            ? "true"
            : """
              ix.reloptions IS NOT NULL
                 OR (SELECT 1 FROM pg_attribute oa WHERE oa.attrelid = x.indexrelid AND oa.attoptions IS NOT NULL LIMIT 1) IS NOT NULL
              """;
        return $"""
            SELECT x.indexrelid, x.indrelid, ix.relname, CASE WHEN {serverPrints} THEN pg_get_indexdef(x.indexrelid) END,
                   x.indisunique, x.indisvalid, x.indkey::int2[], ds.description, {IndexSettings}, {ParentIndex},
                   x.indclass::oid[], x.indoption::int2[], x.indcollation::oid[], x.indnkeyatts, ix.relam, ix.relkind = 'I',
                   {(serverVersionNum >= 150000 ? "x.indnullsnotdistinct" : "false")},
                   {(printed ? "x.indpred::text" : "NULL::text")}, n.nspname, c.relname, {(printed ? "x.indexprs::text" : "NULL::text")}
            FROM pg_index x
            JOIN pg_class ix ON ix.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            {Comment("ds", "pg_class", "ix.oid")}
            WHERE c.relkind IN ('r', 'p', 'm') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = x.indrelid AND con.conindid = x.indexrelid
                              AND con.contype IN ('p', 'u', 'x'))
            """;
    }

    /// <summary>The keywords quote_ident quotes (all but the unreserved ones), and whether it quotes every name.</summary>
    public const string QuotedKeywords = """
        SELECT ARRAY(SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'), current_setting('quote_all_identifiers')::bool
        """;

    /// <summary>Index access methods, and whether they order (then DESC and NULLS FIRST/LAST are printed).</summary>
    public const string IndexAccessMethods = """
        SELECT a.oid, a.amname, pg_indexam_has_property(a.oid, 'can_order') FROM pg_am a WHERE a.amtype = 'i'
        """;

    /// <summary>Default operator classes, with what GetDefaultOpClass weighs of their input type.</summary>
    public const string DefaultOperatorClasses = """
        SELECT oc.oid, oc.opcmethod, oc.opcintype, t.typtype::text, t.typcategory::text, t.typispreferred,
               CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN t.typname::text END
        FROM pg_opclass oc JOIN pg_type t ON t.oid = oc.opcintype
        WHERE oc.opcdefault
        """;

    /// <summary>Implicit casts that need no conversion (IsBinaryCoercible's pg_cast lookup).</summary>
    public const string BinaryCasts = """
        SELECT c.castsource, c.casttarget FROM pg_cast c WHERE c.castmethod = 'b' AND c.castcontext = 'i'
        """;

    /// <summary>Definitions of the given indexes (<c>@oids</c>) as the server prints them.</summary>
    public const string IndexDefinitions = """
        SELECT o, pg_get_indexdef(o) FROM unnest(@oids::oid[]) o
        """;
}
