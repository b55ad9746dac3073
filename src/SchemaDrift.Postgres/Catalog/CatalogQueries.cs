namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// The catalog queries, one per object family, all sent together in one batch. Each reads a whole family at once
/// (never one query per table); rows are grouped and ordered by the reader. Filters are the parameters @include and
/// @exclude (text[]): nothing user-supplied is ever spliced into this text.
/// </summary>
internal static partial class CatalogQueries
{
    /// <summary>
    /// Run first, inside the REPEATABLE READ transaction: read-only, and a search_path of pg_catalog alone so that
    /// format_type, pg_get_expr, pg_get_viewdef and the other printers qualify every user object, so two databases
    /// print the same object the same way. No parallel workers: these queries are small and the machine may be busy.
    /// No merge joins: every session plans each query afresh, and on catalogs a merge join never beats a hash join
    /// or an index lookup by more than its planning costs (weighing merge joins took a fifth of the planning, about
    /// 6 ms a read; the plans it changed, of the small queries, run as fast without).
    /// </summary>
    public static readonly string[] Settings =
    [
        "SET TRANSACTION READ ONLY",
        "SET LOCAL search_path = pg_catalog",
        "SET LOCAL max_parallel_workers_per_gather = 0",
        "SET LOCAL work_mem = '64MB'",
        "SET LOCAL enable_mergejoin = off",
    ];

    /// <summary>User schemas only: no system schemas, none filtered out.</summary>
    private static string InSchema(string ns) => $"""
        {ns}.nspname NOT IN ('pg_catalog', 'information_schema')
        AND {ns}.nspname NOT LIKE 'pg\_toast%' AND {ns}.nspname NOT LIKE 'pg\_temp\_%'
        AND (cardinality(@include) = 0 OR {ns}.nspname = ANY(@include))
        AND NOT ({ns}.nspname = ANY(@exclude))
        """;

    /// <summary>
    /// Not created by an extension (pg_depend deptype 'e', always on the extension): CREATE EXTENSION makes those. The
    /// members are found from the extensions' side (pg_depend's reference index), a few rows read once, not by a scan
    /// of every dependency of the catalog's objects (about 24,000 rows for pg_class at 2,000 tables, 10 ms a query).
    /// </summary>
    private static string NotExtensionMember(string catalog, string oid) => $"""
        NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.refclassid = 'pg_extension'::regclass AND xd.classid = '{catalog}'::regclass
                    AND xd.objid = {oid} AND xd.deptype = 'e')
        """;

    private static string Comment(string alias, string catalog, string oid, string subId = "0") => $"""
        LEFT JOIN pg_description {alias} ON {alias}.classoid = '{catalog}'::regclass AND {alias}.objoid = {oid} AND {alias}.objsubid = {subId}
        """;

    public const string Server = $"SELECT current_setting('server_version_num')::int, current_database(), {PositionsInBatch}";

    /// <summary><see cref="Server"/> for a read that leaves where the sequences stand unknown: none to read after the batch.</summary>
    public const string ServerWithoutPositions = "SELECT current_setting('server_version_num')::int, current_database(), true";

    /// <summary>
    /// Most sequences a database may have for their positions to be read in the catalog batch. pg_sequence_last_value
    /// locks each sequence until the transaction ends, and a few thousand such locks (two databases read at once)
    /// overflow the server's shared lock table (max_locks_per_transaction): past this many, positions are read after
    /// the catalog transaction, a bounded number per statement (<see cref="SequencePositions"/>). Where a sequence
    /// stands is not transactional anyway: the catalog snapshot does not cover it.
    /// </summary>
    public const int PositionsInBatchLimit = 1000;

    /// <summary>Whether the batch reads the positions: <see cref="PositionsInBatchLimit"/>, written out (a constant).</summary>
    private const string PositionsInBatch = "(SELECT count(*) FROM pg_sequence) <= 1000";

    /// <summary>Where the sequence <paramref name="seq"/> stands, for a role that may read it, when read in the batch (see <see cref="PositionsInBatchLimit"/>).</summary>
    private static string Position(string seq, string start, bool read) => read
        ? $"CASE WHEN {PositionsInBatch} AND has_sequence_privilege({seq}, 'SELECT,USAGE') THEN coalesce(pg_sequence_last_value({seq}), {start}) END"
        : "NULL::bigint";

    /// <summary>
    /// Where the sequences named by <c>@schemas</c> and <c>@names</c> stand, or, where <c>@columns</c> gives a column,
    /// the sequence of that identity column of the table so named; each under its key of <c>@keys</c>, for those
    /// present that the role may read. A name whose object is gone, or a column without identity, gives no row.
    /// </summary>
    public const string SequencePositionsByName = """
        SELECT r.key, coalesce(pg_sequence_last_value(s.seqrelid), s.seqstart)
        FROM unnest(@keys::text[], @schemas::text[], @names::text[], @columns::text[]) AS r(key, nspname, relname, attname)
        JOIN pg_namespace n ON n.nspname = r.nspname
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = r.relname
        LEFT JOIN pg_attribute a ON r.attname IS NOT NULL AND a.attrelid = c.oid AND a.attname = r.attname AND NOT a.attisdropped
        LEFT JOIN pg_depend d ON a.attnum IS NOT NULL AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
             AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
        JOIN pg_sequence s ON s.seqrelid = CASE WHEN r.attname IS NULL THEN c.oid ELSE d.objid END
        WHERE has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')
        """;

    /// <summary>Where the given sequences (<c>@oids</c>) stand, for those the role may read (still present).</summary>
    public const string SequencePositions = """
        SELECT s.seqrelid, coalesce(pg_sequence_last_value(s.seqrelid), s.seqstart)
        FROM pg_sequence s
        WHERE s.seqrelid = ANY(@oids) AND has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')
        """;

    public static readonly string Schemas = $"""
        SELECT n.nspname, ds.description
        FROM pg_namespace n
        {Comment("ds", "pg_namespace", "n.oid")}
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_namespace", "n.oid")}
        """;

    /// <summary>Extensions (plpgsql, which every database has, left out); listed by their schema.</summary>
    public static readonly string Extensions = $"""
        SELECT x.extname, n.nspname, x.extversion, ds.description
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        {Comment("ds", "pg_extension", "x.oid")}
        WHERE x.extname <> 'plpgsql' AND {InSchema("n")}
        """;

    /// <summary>Types and functions extensions own, so that what uses them can depend on the extension.</summary>
    public const string ExtensionMembers = """
        SELECT e.classid::regclass::text, e.objid, x.extname
        FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid
        WHERE e.deptype = 'e' AND e.refclassid = 'pg_extension'::regclass
          AND e.classid IN ('pg_type'::regclass, 'pg_proc'::regclass) AND x.extname <> 'plpgsql'
        """;

    /// <summary>
    /// User collations (the built-in ones live in pg_catalog). The ICU locale is colllocale from PostgreSQL 17 on,
    /// colliculocale in 15 and 16; before 15 an ICU collation keeps its locale in collcollate.
    /// </summary>
    public static string Collations(int serverVersionNum) => $"""
        SELECT n.nspname, c.collname, c.collprovider::text, c.collcollate::text, c.collctype::text,
               {serverVersionNum switch { >= 170000 => "c.colllocale", >= 150000 => "c.colliculocale", _ => "NULL::text" }}, c.collisdeterministic, ds.description
        FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
        {Comment("ds", "pg_collation", "c.oid")}
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_collation", "c.oid")}
        """;

    public static readonly string Enums = $"""
        SELECT t.oid, n.nspname, t.typname,
               ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
               ds.description
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        {Comment("ds", "pg_type", "t.oid")}
        WHERE t.typtype = 'e' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        """;

    /// <summary>Domains; their collation only when it is not the base type's own.</summary>
    public static readonly string Domains = $"""
        SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
               CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               ds.description
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype
        LEFT JOIN pg_collation co ON co.oid = t.typcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        {Comment("ds", "pg_type", "t.oid")}
        WHERE t.typtype = 'd' AND {InSchema("n")} AND {NotExtensionMember("pg_type", "t.oid")}
        """;

    /// <summary>CHECK constraints of all domains (NOT NULL, a pg_constraint row from PostgreSQL 17 on, is the domain's NotNull).</summary>
    public static readonly string DomainConstraints = $"""
        SELECT c.contypid, c.oid, c.conname, pg_get_constraintdef(c.oid), c.convalidated, ds.description
        FROM pg_constraint c
        {Comment("ds", "pg_constraint", "c.oid")}
        WHERE c.contypid <> 0 AND c.contype = 'c'
        """;

    /// <summary>Free-standing sequences; identity sequences (deptype 'i') belong to their column.</summary>
    public static readonly string Sequences = SequencesQuery(positions: true);

    /// <summary><see cref="Sequences"/> without where each stands.</summary>
    public static readonly string SequencesWithoutPositions = SequencesQuery(positions: false);

    private static string SequencesQuery(bool positions) => $"""
        SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
               s.seqcache, s.seqcycle,
               (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
                  FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                  JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
                 LIMIT 1),
               ds.description, {Position("c.oid", "s.seqstart", positions)}, c.relpersistence = 'u'
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        {Comment("ds", "pg_class", "c.oid")}
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
        """;

    /// <summary>
    /// Functions, procedures, aggregates and window functions, without those an extension or another object
    /// (a range type's constructors, deptype 'i') creates. Aggregates, which pg_get_functiondef cannot print, get
    /// a CREATE AGGREGATE assembled from pg_aggregate with the server's own printers for every part.
    /// </summary>
    public static readonly string Functions = $"""
        SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
               CASE WHEN p.prokind = 'a' THEN
                    'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname)
                    || '(' || CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_get_function_identity_arguments(p.oid) END || ') ('
                    || 'SFUNC = ' || ag.aggtransfn::regproc::text || ', STYPE = ' || format_type(ag.aggtranstype, NULL)
                    || CASE WHEN ag.aggtransspace <> 0 THEN ', SSPACE = ' || ag.aggtransspace ELSE '' END
                    || CASE WHEN ag.aggfinalfn <> 0 THEN ', FINALFUNC = ' || ag.aggfinalfn::regproc::text ELSE '' END
                    || CASE WHEN ag.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END
                    || CASE WHEN ag.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || ag.aggcombinefn::regproc::text ELSE '' END
                    || CASE WHEN ag.aggserialfn <> 0 THEN ', SERIALFUNC = ' || ag.aggserialfn::regproc::text ELSE '' END
                    || CASE WHEN ag.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || ag.aggdeserialfn::regproc::text ELSE '' END
                    || CASE WHEN ag.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(ag.agginitval) ELSE '' END
                    || CASE WHEN ag.aggmtransfn <> 0 THEN ', MSFUNC = ' || ag.aggmtransfn::regproc::text
                            || ', MINVFUNC = ' || ag.aggminvtransfn::regproc::text || ', MSTYPE = ' || format_type(ag.aggmtranstype, NULL)
                            ELSE '' END
                    || CASE WHEN ag.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || ag.aggmfinalfn::regproc::text ELSE '' END
                    || CASE WHEN ag.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END
                    || CASE WHEN ag.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(ag.aggminitval) ELSE '' END
                    || CASE WHEN ag.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || ag.aggsortop::regoper::text || ')' ELSE '' END
                    || CASE WHEN ag.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END
                    || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
                    || ');'
                    ELSE pg_get_functiondef(p.oid) END,
               ds.description
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
        {Comment("ds", "pg_proc", "p.oid")}
        WHERE {InSchema("n")} AND {NotExtensionMember("pg_proc", "p.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
        """;

    /// <summary>
    /// User triggers: not internal (constraint machinery), and not clones of a partitioned parent's trigger, unless a
    /// clone is enabled otherwise than its parent's trigger (pg_dump then writes its ENABLE / DISABLE): those come with
    /// the table of the trigger they clone.
    /// </summary>
    public static readonly string Triggers = $"""
        SELECT t.oid, t.tgrelid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text, ds.description, pt.tgrelid
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_trigger pt ON pt.oid = t.tgparentid
        {Comment("ds", "pg_trigger", "t.oid")}
        WHERE NOT t.tgisinternal AND (t.tgparentid = 0 OR t.tgenabled <> pt.tgenabled)
          AND {InSchema("n")} AND {NotExtensionMember("pg_class", "c.oid")}
        """;

    /// <summary>Row-level security policies; roles by name (quoted as SQL), PUBLIC for role 0.</summary>
    public static readonly string Policies = $"""
        SELECT p.oid, p.polrelid, p.polname, p.polcmd::text, p.polpermissive,
               ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END FROM unnest(p.polroles) r),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), ds.description
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        {Comment("ds", "pg_policy", "p.oid")}
        WHERE {InSchema("n")}
        """;
}
