namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// The catalog queries, one per object family, all sent together in one batch. Filters are the parameters
/// @include and @exclude (text[]); nothing user-supplied is ever spliced into this text.
/// </summary>
internal static class CatalogQueries
{
    /// <summary>User schemas only: no system schemas, no schemas filtered out, none owned by an extension.</summary>
    private static string InSchema(string ns) => $"""
        {ns}.nspname NOT IN ('pg_catalog', 'information_schema')
        AND {ns}.nspname NOT LIKE 'pg\_toast%' AND {ns}.nspname NOT LIKE 'pg\_temp\_%'
        AND (cardinality(@include) = 0 OR {ns}.nspname = ANY(@include))
        AND NOT ({ns}.nspname = ANY(@exclude))
        """;

    private static string NotExtensionMember(string catalog, string oid) => $"""
        NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '{catalog}'::regclass AND e.objid = {oid} AND e.deptype = 'e')
        """;

    /// <summary>
    /// Read-only, and a search_path of pg_catalog alone so that format_type, pg_get_expr, pg_get_viewdef and the
    /// other printers qualify every user object: two databases print the same object the same way.
    /// </summary>
    public const string ReadOnly = "SET TRANSACTION READ ONLY; SET LOCAL search_path = pg_catalog; SET LOCAL work_mem = '64MB'";

    public const string Server = "SELECT current_setting('server_version_num')::int, current_database()";

    /// <summary>The queries CatalogRows.ReadMainAsync reads, in its order.</summary>
    public static IReadOnlyList<string> Main(int serverVersionNum, bool privileges)
    {
        List<string> queries =
        [
            Server, Schemas, Extensions, Collations(serverVersionNum), Enums, Domains, Sequences, Relations, Columns,
            IdentitySequences, Triggers, Policies, Dependencies, NotCompared,
        ];
        if (privileges)
        {
            queries.Add(Privileges);
        }

        return queries;
    }

    /// <summary>The queries where the server does most printing (pg_get_constraintdef, pg_get_indexdef,
    /// pg_get_functiondef), read by CatalogRows.ReadDefinitionsAsync, possibly on a second connection.</summary>
    public static IReadOnlyList<string> Definitions => [Constraints, Indexes, Functions];

    public static readonly string Schemas = $"""
        SELECT n.nspname, obj_description(n.oid, 'pg_namespace')
        FROM pg_namespace n
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_namespace", "n.oid")}
        ORDER BY 1
        """;

    public static readonly string Extensions = $"""
        SELECT x.extname, n.nspname, x.extversion, obj_description(x.oid, 'pg_extension')
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        WHERE x.extname <> 'plpgsql' AND {InSchema("n")}
        ORDER BY 1
        """;

    /// <summary>PostgreSQL 15 and 16 name the ICU locale colliculocale; 17 renamed it colllocale.</summary>
    public static string Collations(int serverVersionNum) => $"""
        SELECT n.nspname, c.collname, c.collprovider::text, c.collcollate, c.collctype,
               {(serverVersionNum >= 170000 ? "c.colllocale" : "c.colliculocale")}, c.collisdeterministic,
               obj_description(c.oid, 'pg_collation')
        FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_collation", "c.oid")}
        ORDER BY 1, 2
        """;

    public static readonly string Enums = $"""
        SELECT t.oid, n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder),
               obj_description(t.oid, 'pg_type')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typtype = 'e' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        GROUP BY t.oid, n.nspname, t.typname
        ORDER BY 2, 3
        """;

    public static readonly string Domains = $"""
        SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
               pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
               CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               obj_description(t.oid, 'pg_type'),
               (SELECT array_agg(c.conname::text ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid),
               (SELECT array_agg(pg_get_constraintdef(c.oid) ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid),
               (SELECT array_agg(c.convalidated ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype
        LEFT JOIN pg_collation co ON co.oid = t.typcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE t.typtype = 'd' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        ORDER BY 2, 3
        """;

    /// <summary>Free-standing sequences; identity sequences (deptype 'i') belong to their column.</summary>
    public static readonly string Sequences = $"""
        SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
               s.seqcache, s.seqcycle,
               (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
                  FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                  JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
                 LIMIT 1),
               obj_description(c.oid, 'pg_class')
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
        ORDER BY 2, 3
        """;

    /// <summary>Tables, views and materialized views (relkind r, p, v, m).</summary>
    public static readonly string Relations = $"""
        SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
               coalesce(c.reloptions, ARRAY[]::text[]), c.relrowsecurity, c.relforcerowsecurity,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
               ds.description,
               (SELECT array_agg(pn.nspname || '.' || p.relname ORDER BY i.inhseqno)
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                 WHERE i.inhrelid = c.oid),
               (SELECT array_agg(pn.nspname ORDER BY i.inhseqno)
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                 WHERE i.inhrelid = c.oid),
               (SELECT array_agg(p.relname::text ORDER BY i.inhseqno)
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid),
               c.relispartition
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid AND ds.objsubid = 0
        WHERE c.relkind IN ('r', 'p', 'v', 'm') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        ORDER BY 2, 3
        """;

    /// <summary>All columns of all tables and views at once (ordered by the reader, not the server).</summary>
    public static readonly string Columns = $"""
        SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               a.attidentity::text,
               CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               a.attislocal, ds.description, ad.oid
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = a.attrelid AND ds.objsubid = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
          AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        """;

    /// <summary>The options of identity columns, from their sequences (deptype 'i').</summary>
    public const string IdentitySequences = """
        SELECT d.refobjid, d.refobjsubid, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
        FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
        """;

    /// <summary>Constraints declared on the table itself (not cloned from a partitioned parent, not inherited).</summary>
    public static readonly string Constraints = $"""
        SELECT con.oid, con.conrelid, con.conname, con.contype::text, pg_get_constraintdef(con.oid), con.convalidated,
               con.condeferrable, con.condeferred,
               con.conkey,
               rn.nspname, r.relname, ds.description
        FROM pg_constraint con
        LEFT JOIN pg_description ds ON ds.classoid = 'pg_constraint'::regclass AND ds.objoid = con.oid AND ds.objsubid = 0
        JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class r ON r.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND con.conislocal
          AND c.relkind IN ('r', 'p') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        ORDER BY n.nspname, c.relname, con.conname
        """;

    /// <summary>Indexes that no constraint owns and that are not attached partitions of a parent index.</summary>
    public static readonly string Indexes = $"""
        SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique, i.indisvalid,
               i.indkey::int2[],
               ds.description
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = ic.oid AND ds.objsubid = 0
        JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                          AND con.contype IN ('p', 'u', 'x'))
          AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)
        ORDER BY n.nspname, ic.relname
        """;

    /// <summary>Functions, procedures and aggregates; aggregates are described from pg_aggregate.</summary>
    public static readonly string Functions = $"""
        SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
               CASE WHEN p.prokind = 'a' THEN
                    'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
                    || pg_get_function_identity_arguments(p.oid) || ') (SFUNC = ' || ag.aggtransfn::regproc::text
                    || ', STYPE = ' || format_type(ag.aggtranstype, NULL)
                    || CASE WHEN ag.aggfinalfn <> 0 THEN ', FINALFUNC = ' || ag.aggfinalfn::regproc::text ELSE '' END
                    || CASE WHEN ag.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || ag.aggcombinefn::regproc::text ELSE '' END
                    || CASE WHEN ag.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(ag.agginitval) ELSE '' END
                    || ');'
                    ELSE pg_get_functiondef(p.oid) END,
               obj_description(p.oid, 'pg_proc')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_proc", "p.oid")}
        ORDER BY 2, 3, 4
        """;

    public static readonly string Triggers = $"""
        SELECT t.oid, t.tgrelid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text, ds.description
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_description ds ON ds.classoid = 'pg_trigger'::regclass AND ds.objoid = t.oid AND ds.objsubid = 0
        WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        ORDER BY n.nspname, c.relname, t.tgname
        """;

    public static readonly string Policies = $"""
        SELECT p.polrelid, p.polname, p.polcmd::text, p.polpermissive,
               ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END
                     FROM unnest(p.polroles) r ORDER BY 1),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), obj_description(p.oid, 'pg_policy')
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {InSchema("n")}
        ORDER BY n.nspname, c.relname, p.polname
        """;

    /// <summary>
    /// Edges between objects, for ordering DDL: views (through their rewrite rule), functions, triggers, column
    /// defaults, constraints and columns referencing tables, columns, functions and types (array types mapped to
    /// their element type).
    /// </summary>
    public const string Dependencies = """
        SELECT DISTINCT
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class' ELSE d.classid::regclass::text END,
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END,
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 0 ELSE d.objsubid END,
               d.refclassid::regclass::text,
               CASE WHEN d.refclassid = 'pg_type'::regclass AND rt.typelem <> 0 AND rt.typcategory = 'A' THEN rt.typelem ELSE d.refobjid END,
               d.refobjsubid
        FROM pg_depend d
        LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
        LEFT JOIN pg_type rt ON d.refclassid = 'pg_type'::regclass AND rt.oid = d.refobjid
        WHERE d.deptype = 'n'
          AND d.classid IN ('pg_rewrite'::regclass, 'pg_proc'::regclass, 'pg_trigger'::regclass, 'pg_attrdef'::regclass,
                            'pg_constraint'::regclass, 'pg_class'::regclass, 'pg_type'::regclass, 'pg_policy'::regclass)
          AND d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
          AND d.objid >= 16384 AND d.refobjid >= 16384
          AND NOT (d.classid = 'pg_rewrite'::regclass AND r.ev_class = d.refobjid)
        """;

    /// <summary>Kinds of objects present that the snapshot does not model, counted with a few examples.</summary>
    public static readonly string NotCompared = $"""
        SELECT kind, count(*)::int, (array_agg(name ORDER BY name))[1:3] FROM (
          SELECT 'rules' AS kind, n.nspname || '.' || c.relname || '.' || r.rulename AS name
            FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE r.rulename <> '_RETURN' AND {InSchema("n")}
          UNION ALL
          SELECT 'foreign tables', n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f' AND {InSchema("n")}
          UNION ALL
          SELECT CASE t.typtype WHEN 'c' THEN 'composite types' WHEN 'r' THEN 'range types' ELSE 'base types' END,
                 n.nspname || '.' || t.typname
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE (t.typtype IN ('r', 'b') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
             AND t.typcategory <> 'A' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
          UNION ALL
          SELECT 'operators', n.nspname || '.' || o.oprname
            FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
           WHERE {InSchema("n")} AND {NotExtensionMember("pg_operator", "o.oid")}
          UNION ALL
          SELECT 'text search configurations', n.nspname || '.' || c.cfgname
            FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
           WHERE {InSchema("n")} AND {NotExtensionMember("pg_ts_config", "c.oid")}
          UNION ALL
          SELECT 'statistics objects', n.nspname || '.' || s.stxname
            FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE {InSchema("n")}
          UNION ALL
          SELECT 'event triggers', e.evtname FROM pg_event_trigger e
          UNION ALL
          SELECT 'publications', p.pubname FROM pg_publication p
          UNION ALL
          SELECT 'user-defined casts', format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL)
            FROM pg_cast c WHERE c.oid >= 16384 AND {NotExtensionMember("pg_cast", "c.oid")}
        ) objects
        GROUP BY kind ORDER BY kind
        """;

    /// <summary>Granted privileges on relations, sequences, functions, schemas and types, without the owner's own.</summary>
    public static readonly string Privileges = $"""
        SELECT kind, schema_name, object_name, signature, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
               g.privilege_type, g.is_grantable
        FROM (
          SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE 'table' END AS kind,
                 n.nspname AS schema_name, c.relname AS object_name, NULL::text AS signature, c.relacl AS acl, c.relowner AS owner
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          UNION ALL
          SELECT 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.proacl, p.proowner
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE p.proacl IS NOT NULL AND {InSchema("n")} AND {NotExtensionMember("pg_proc", "p.oid")}
          UNION ALL
          SELECT 'schema', n.nspname, n.nspname, NULL, n.nspacl, n.nspowner
            FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND {InSchema("n")}
          UNION ALL
          SELECT 'type', n.nspname, t.typname, NULL, t.typacl, t.typowner
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE t.typacl IS NOT NULL AND t.typtype IN ('e', 'd') AND {InSchema("n")}
        ) o, LATERAL aclexplode(o.acl) g
        WHERE g.grantee <> o.owner
        ORDER BY 1, 2, 3, 4, 5, 6
        """;
}
