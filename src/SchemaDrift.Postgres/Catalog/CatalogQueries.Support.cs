namespace SchemaDrift.Postgres.Catalog;

// The queries that describe relations between objects rather than objects: dependencies, the kinds not compared,
// and privileges.
internal static partial class CatalogQueries
{
    /// <summary>
    /// Normal (deptype 'n') edges of pg_depend between user objects, for ordering DDL: views and materialized views
    /// (through their _RETURN rule), functions, triggers, column defaults, constraints, indexes, policies and columns
    /// referencing tables, columns, functions and types. An array type stands for its element type. The reader
    /// keeps only edges between objects of the snapshot.
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

    /// <summary>
    /// A kind the snapshot does not model, or a kind of grant: <paramref name="Candidates"/> is true when the
    /// database may hold one (a cheap test of a single catalog, never false when <paramref name="Objects"/> has a
    /// row; for column grants, together with <see cref="GrantedColumnsCandidate"/>); <paramref name="Objects"/> is
    /// one (kind, name) row per object, in user schemas and not an extension's.
    /// Every object created after initdb has an OID of at least 16384 (FirstNormalObjectId), so a catalog's own
    /// entries and information_schema's stay out of the test without a look at their schema.
    /// </summary>
    private sealed record NotComparedBranch(string Key, string Candidates, string Objects);

    private const string Granted = "granted privileges (--with-privileges compares them)";

    private static readonly NotComparedBranch[] NotComparedKinds =
    [
        new("rules", "EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.oid >= 16384 AND r.rulename <> '_RETURN')", $"""
            SELECT 'rules', n.nspname || '.' || c.relname || '.' || r.rulename
              FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE r.rulename <> '_RETURN' AND {InSchema("n")} AND {NotExtensionMember("pg_rewrite", "r.oid")}
            """),
        new("foreign tables", "EXISTS (SELECT 1 FROM pg_class c WHERE c.oid >= 16384 AND c.relkind = 'f')", $"""
            SELECT 'foreign tables', n.nspname || '.' || c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'f' AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
            """),
        new("types", "EXISTS (SELECT 1 FROM pg_type t WHERE t.oid >= 16384 AND t.typtype = 'b' AND t.typcategory <> 'A')", $"""
            SELECT 'base types', n.nspname || '.' || t.typname
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typtype = 'b'
               AND t.typcategory <> 'A' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
            """),
        new("typed tables", "EXISTS (SELECT 1 FROM pg_class c WHERE c.oid >= 16384 AND c.reloftype <> 0 AND c.relkind IN ('r', 'p'))", $"""
            SELECT 'typed tables (OF type)', n.nspname || '.' || c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.reloftype <> 0 AND c.relkind IN ('r', 'p') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
            """),
        new("security labels", "EXISTS (SELECT 1 FROM pg_seclabel l WHERE l.classoid = 'pg_class'::regclass)", $"""
            SELECT 'security labels', n.nspname || '.' || c.relname
              FROM pg_seclabel l JOIN pg_class c ON c.oid = l.objoid AND l.classoid = 'pg_class'::regclass
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {InSchema("n")}
            """),
        InSchemaKind("operators", "pg_operator", "o", "oprname", "oprnamespace"),
        InSchemaKind("operator classes", "pg_opclass", "o", "opcname", "opcnamespace"),
        InSchemaKind("operator families", "pg_opfamily", "o", "opfname", "opfnamespace"),
        InSchemaKind("text search configurations", "pg_ts_config", "c", "cfgname", "cfgnamespace"),
        InSchemaKind("text search dictionaries", "pg_ts_dict", "d", "dictname", "dictnamespace"),
        InSchemaKind("conversions", "pg_conversion", "c", "conname", "connamespace"),
        new("statistics objects", "EXISTS (SELECT 1 FROM pg_statistic_ext s)", $"""
            SELECT 'statistics objects', n.nspname || '.' || s.stxname
              FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE {InSchema("n")}
            """),
        new("user-defined casts", "EXISTS (SELECT 1 FROM pg_cast c WHERE c.oid >= 16384)", $"""
            SELECT 'user-defined casts', format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL)
              FROM pg_cast c WHERE c.oid >= 16384 AND {NotExtensionMember("pg_cast", "c.oid")}
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'i')
            """),
        new("event triggers", "EXISTS (SELECT 1 FROM pg_event_trigger e)",
            $"SELECT 'event triggers', e.evtname FROM pg_event_trigger e WHERE {NotExtensionMember("pg_event_trigger", "e.oid")}"),
        new("publications", "EXISTS (SELECT 1 FROM pg_publication p)", "SELECT 'publications', p.pubname FROM pg_publication p"),
        new(
            "subscriptions",
            "EXISTS (SELECT 1 FROM pg_subscription s WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))",
            """
            SELECT 'subscriptions', s.subname FROM pg_subscription s
             WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
            """),
        new("foreign servers", "EXISTS (SELECT 1 FROM pg_foreign_server s)",
            $"SELECT 'foreign servers', s.srvname FROM pg_foreign_server s WHERE {NotExtensionMember("pg_foreign_server", "s.oid")}"),
        new("foreign-data wrappers", "EXISTS (SELECT 1 FROM pg_foreign_data_wrapper w)",
            $"SELECT 'foreign-data wrappers', w.fdwname FROM pg_foreign_data_wrapper w WHERE {NotExtensionMember("pg_foreign_data_wrapper", "w.oid")}"),
        new("procedural languages", "EXISTS (SELECT 1 FROM pg_language l WHERE l.oid >= 16384)", $"""
            SELECT 'procedural languages', l.lanname FROM pg_language l
             WHERE l.oid >= 16384 AND {NotExtensionMember("pg_language", "l.oid")}
            """),
        new("access methods", "EXISTS (SELECT 1 FROM pg_am a WHERE a.oid >= 16384)",
            $"SELECT 'access methods', a.amname FROM pg_am a WHERE a.oid >= 16384 AND {NotExtensionMember("pg_am", "a.oid")}"),
        new("default privileges", "EXISTS (SELECT 1 FROM pg_default_acl d)", """
            SELECT 'default privileges', coalesce(n.nspname || ': ', '') || pg_get_userbyid(d.defaclrole) || ' on ' ||
                   CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                        WHEN 'T' THEN 'types' ELSE 'schemas' END
              FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            """),
    ];

    /// <summary>
    /// Objects with privileges granted, counted only when privileges are not read (and so not compared); a schema
    /// whose grants are still those initdb gave it (public's, in pg_init_privs) has none of its own. Of the schemas
    /// initdb makes, only public is a user schema.
    /// </summary>
    private static readonly NotComparedBranch[] GrantedKinds =
    [
        new(
            "granted relations",
            "EXISTS (SELECT 1 FROM pg_class c WHERE c.oid >= 16384 AND c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S'))",
            $"""
            SELECT '{Granted}', n.nspname || '.' || c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND {InSchema("n")}
            """),
        new(
            GrantedColumns,
            // Only the columns of extensions' relations: the columns query flags the grants of every other table's
            // and view's columns, and a foreign table (not among them) is a kind of its own (see GrantedColumnsCandidate).
            """
            EXISTS (SELECT 1 FROM pg_depend xd JOIN pg_attribute a ON a.attrelid = xd.objid
                     WHERE xd.refclassid = 'pg_extension'::regclass AND xd.classid = 'pg_class'::regclass AND xd.deptype = 'e'
                       AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped)
            """,
            $"""
            SELECT DISTINCT '{Granted}', n.nspname || '.' || c.relname
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND c.relacl IS NULL AND {InSchema("n")}
            """),
        new("granted functions", "EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid >= 16384 AND p.proacl IS NOT NULL)", $"""
            SELECT '{Granted}', n.nspname || '.' || p.proname
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND {InSchema("n")}
            """),
        new("granted schemas", $"EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND (n.oid >= 16384 OR n.nspname = 'public') AND {NotInitialGrants})", $"""
            SELECT '{Granted}', n.nspname
              FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND {InSchema("n")}
               AND {NotInitialGrants}
            """),
        new("granted types", "EXISTS (SELECT 1 FROM pg_type t WHERE t.oid >= 16384 AND t.typacl IS NOT NULL)", $"""
            SELECT '{Granted}', n.nspname || '.' || t.typname
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND {InSchema("n")}
            """),
    ];

    /// <summary>The key of the kind counted for column-level grants.</summary>
    internal const string GrantedColumns = "granted columns";

    /// <summary>
    /// Whether the kind <see cref="GrantedColumns"/> may need counting beyond what the batch's test looks at (the
    /// columns of extensions' relations): the columns query flagged a column with grants of its own
    /// (<paramref name="columnGranted"/>), or the test found foreign tables (in <paramref name="keys"/>), whose
    /// columns the columns query does not read. A scan of pg_attribute in the test for the same answer took a fresh
    /// server process about 11 ms of the batch on a 2,000-table database.
    /// </summary>
    internal static bool GrantedColumnsCandidate(IReadOnlyCollection<string> keys, bool columnGranted) =>
        columnGranted || keys.Contains("foreign tables");

    /// <summary>The schema n's grants are not those initdb gave it.</summary>
    private const string NotInitialGrants =
        "NOT EXISTS (SELECT 1 FROM pg_init_privs ip WHERE ip.classoid = 'pg_namespace'::regclass AND ip.objoid = n.oid AND ip.initprivs = n.nspacl)";

    /// <summary>A kind of schema object (<paramref name="catalog"/> holds them, in schemas), counted by name.</summary>
    private static NotComparedBranch InSchemaKind(string kind, string catalog, string alias, string name, string schema) => new(
        kind,
        $"EXISTS (SELECT 1 FROM {catalog} {alias} WHERE {alias}.oid >= 16384)",
        $"""
        SELECT '{kind}', n.nspname || '.' || {alias}.{name}
          FROM {catalog} {alias} JOIN pg_namespace n ON n.oid = {alias}.{schema}
         WHERE {InSchema("n")} AND {NotExtensionMember(catalog, $"{alias}.oid")}
        """);

    private static IEnumerable<NotComparedBranch> NotComparedBranches(bool privileges) =>
        privileges ? NotComparedKinds : [.. NotComparedKinds, .. GrantedKinds];

    /// <summary>Every key <see cref="NotComparedCandidates"/> may give (for tests: <see cref="NotCompared"/> of them all counts without the test).</summary>
    internal static IReadOnlyList<string> NotComparedKeys(bool privileges) => [.. NotComparedBranches(privileges).Select(b => b.Key)];

    /// <summary>
    /// Which kinds the snapshot does not model (and, unless privileges are read, which kinds of grant) the database
    /// may hold, as one text[] of keys for <see cref="NotCompared"/>: a test of one catalog each (column grants: of
    /// extensions' relations only, with <see cref="GrantedColumnsCandidate"/> for the rest), with no schema, no
    /// extension and no parameter to plan around. The count of all twenty-six parts took a fresh server process about
    /// 24 ms to parse and plan, on every read; this takes 4 to 6 (the scans are the same), and the count runs only
    /// for the parts the test finds a trace of, which in most databases are none.
    /// </summary>
    public static string NotComparedCandidates(bool privileges) =>
        "SELECT array_remove(ARRAY[\n"
        + string.Join(",\n", NotComparedBranches(privileges).Select(b => $"  CASE WHEN {b.Candidates} THEN '{b.Key}' END"))
        + "\n], NULL)";

    /// <summary>
    /// Kinds of object present that the snapshot does not model, counted with three examples each, so that a
    /// comparison can say "not compared" rather than "equal": the parts of <paramref name="keys"/> (from
    /// <see cref="NotComparedCandidates"/>), null when there are none. One scan per catalog, no printers.
    /// </summary>
    public static string? NotCompared(IReadOnlyCollection<string> keys, bool privileges)
    {
        var parts = NotComparedBranches(privileges).Where(b => keys.Contains(b.Key)).Select(b => b.Objects).ToList();
        return parts.Count == 0 ? null : $"""
            SELECT kind, count(*)::int, (array_agg(name ORDER BY name))[1:3] FROM (
            {string.Join("\nUNION ALL\n", parts)}
            ) objects (kind, name)
            GROUP BY kind
            """;
    }

    /// <summary>
    /// Effective privileges (the default ACL where none was ever granted, so that a REVOKE from PUBLIC shows and
    /// an ACL made explicit by a later GRANT does not) on relations, sequences, functions, schemas and types,
    /// without the owner's own, one row per object, grantee and privilege whoever granted it. A column has no default
    /// ACL: a grant on it to the table's owner is one of its own, and is kept (pg_dump writes it).
    /// </summary>
    public static readonly string Privileges = $"""
        SELECT o.kind, o.schema_name, o.object_name, o.signature,
               CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
               g.privilege_type, bool_or(g.is_grantable)
        FROM (
          SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE 'table' END AS kind,
                 n.nspname AS schema_name, c.relname AS object_name, NULL::text AS signature,
                 coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)) AS acl,
                 c.relowner AS owner
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          UNION ALL
          SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname,
                 pg_get_function_identity_arguments(p.oid), coalesce(p.proacl, acldefault('f', p.proowner)), p.proowner
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE {InSchema("n")} AND {NotExtensionMember("pg_proc", "p.oid")}
          UNION ALL
          SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view column' ELSE 'column' END, n.nspname, c.relname, a.attname::text, a.attacl, c.relowner
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
             AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          UNION ALL
          SELECT 'schema', n.nspname, n.nspname, NULL, coalesce(n.nspacl, acldefault('n', n.nspowner)), n.nspowner
            FROM pg_namespace n WHERE {InSchema("n")} AND {NotExtensionMember("pg_namespace", "n.oid")}
          UNION ALL
          SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END, n.nspname, t.typname, NULL, coalesce(t.typacl, acldefault('T', t.typowner)), t.typowner
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
             AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        ) o, LATERAL aclexplode(o.acl) g
        WHERE g.grantee <> o.owner OR o.kind IN ('column', 'view column')
        GROUP BY 1, 2, 3, 4, 5, 6
        """;

    /// <summary>
    /// The owner of every object that has one of its own: schemas, tables, views, free-standing sequences (not
    /// those owned by a column, which follow their table), routines, enums, domains, composite types, collations.
    /// </summary>
    public static readonly string Owners = $"""
        SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
               n.nspname, c.relname, NULL::text, quote_ident(pg_get_userbyid(c.relowner))
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
                           AND d.refclassid = 'pg_class'::regclass AND c.relkind = 'S')
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, n.nspname, p.proname,
               pg_get_function_identity_arguments(p.oid), quote_ident(pg_get_userbyid(p.proowner))
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE {InSchema("n")} AND {NotExtensionMember("pg_proc", "p.oid")}
        UNION ALL
        SELECT 'schema', n.nspname, n.nspname, NULL, quote_ident(pg_get_userbyid(n.nspowner))
          FROM pg_namespace n WHERE {InSchema("n")} AND {NotExtensionMember("pg_namespace", "n.oid")}
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname, t.typname, NULL, quote_ident(pg_get_userbyid(t.typowner))
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
           AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        UNION ALL
        SELECT 'collation', n.nspname, c.collname, NULL, quote_ident(pg_get_userbyid(c.collowner))
          FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
         WHERE {InSchema("n")} AND {NotExtensionMember("pg_collation", "c.oid")}
        """;
}
