using Npgsql;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

// Raw rows of the catalog queries, in query order. The mappers turn them into the model.
internal sealed record SchemaRow(string Name, string? Comment);

internal sealed record ExtensionRow(string Name, string Schema, string Version, string? Comment);

internal sealed record ExtensionMemberRow(string Class, uint Oid, string Extension);

internal sealed record CollationRow(string Schema, string Name, string Provider, string? Collate, string? Ctype, string? Locale, bool Deterministic, string? Comment);

internal sealed record EnumRow(uint Oid, string Schema, string Name, string[] Labels, string? Comment);

internal sealed record DomainRow(uint Oid, string Schema, string Name, string BaseType, string? Default, bool NotNull, string? Collation, string? Comment);

internal sealed record DomainConstraintRow(uint DomainOid, uint Oid, string Name, string Definition, bool Validated, string? Comment);

internal sealed record SequenceRow(uint Oid, string Schema, string Name, string DataType, long Start, long Increment, long Min, long Max, long Cache, bool Cycle, string? OwnedBy, string? Comment, long? Position, bool Unlogged);

internal sealed record RelationRow(uint Oid, string Schema, string Name, char Kind, char Persistence, string? PartitionKey, string? PartitionBound, string[] Options, bool RowSecurity, bool ForceRowSecurity, string? ViewDefinition, string? Comment, bool IsPartition, uint RowType, char ReplicaIdentity, string? AccessMethod, string? Tablespace, string[] ToastOptions);

internal sealed record ParentRow(uint ChildOid, string Schema, string Name, int Sequence);

internal sealed record IdentityRow(string DataType, long Start, long Increment, long Min, long Max, long Cache, bool Cycle, long? Position, uint SequenceOid);

internal sealed record ColumnRow(uint RelationOid, short Number, string Name, string DataType, bool NotNull, string? Default, char Identity, string? Generated, string? Collation, bool IsLocal, string? Comment, uint? DefaultOid, char GeneratedKind, IdentityRow? IdentitySequence, int? Statistics, char Storage, string? Compression, string[] Options, char TypeStorage,
    uint TypeOid = 0, uint CollationOid = 0, char TypeType = '\0', char TypeCategory = '\0', bool IsArrayType = false);

/// <param name="Columns">Column numbers (conkey); names are looked up by the mapper.</param>
/// <param name="Definition">pg_get_constraintdef, or null until ConstraintPrinter prints it from <paramref name="Shape"/>.</param>
internal sealed record ConstraintRow(uint Oid, uint RelationOid, string Name, char Kind, string? Definition, bool Validated, bool Deferrable, bool Deferred, short[] Columns, string? ReferencedSchema, string? ReferencedName, string? Comment, IndexSettingsRow? Index, string? IndexComment, string[] ParentIndex, ConstraintShape? Shape = null);

/// <summary>What a key's definition is made of beyond its columns: a foreign key's referenced table, columns, match type and actions (pg_constraint), a unique key's index columns (indkey: the included ones follow the key's) and NULLS NOT DISTINCT; a check's stored expression (conbin, parsed as read) and NO INHERIT.</summary>
internal sealed record ConstraintShape(uint ReferencedOid, short[] ReferencedColumns, char Match, char OnUpdate, char OnDelete, short[] OnDeleteColumns, short[] IndexColumns, bool NullsNotDistinct, StoredTree? CheckTree = null, bool NoInherit = false);

/// <param name="Columns">Column numbers (indkey; 0 for an expression); names are looked up by the mapper.</param>
/// <param name="Definition">pg_get_indexdef, or null until IndexPrinter prints it from <paramref name="Shape"/>.</param>
internal sealed record IndexRow(uint Oid, uint RelationOid, string Name, string? Definition, bool Unique, bool Valid, short[] Columns, string? Comment, IndexSettingsRow Settings, string[] ParentIndex, IndexShape? Shape = null);

/// <summary>
/// What an index definition is made of (pg_index, pg_class): per column of indkey its operator class, options and
/// collation; the stored predicate (indpred) and key expressions (indexprs, a list), parsed as read, for
/// CheckPrinter.
/// </summary>
internal sealed record IndexShape(uint[] OperatorClasses, short[] Options, uint[] Collations, int KeyColumns, uint AccessMethod, bool Partitioned, bool NullsNotDistinct, StoredTree? PredicateTree, string Schema, string Table, StoredTree? ExpressionTrees = null);

/// <summary>
/// A stored expression (pg_node_tree), parsed as it was read: its tree (<see cref="Tree"/>), or the trees of a list
/// (<see cref="Trees"/>, an index's key expressions); null when the text is not one this reader knows, and the
/// server prints what holds it.
/// </summary>
internal sealed record StoredTree(NodeTree? Tree, List<NodeTree>? Trees = null);

internal sealed record OperatorClassRow(uint Oid, uint AccessMethod, uint InputType, char InputTypeType, char InputTypeCategory, bool InputTypePreferred, string? InputTypeName);

/// <summary>What IndexPrinter needs to know of the server: see <see cref="CatalogQueries.QuotedKeywords"/> and the queries after it.</summary>
internal sealed record IndexPrintingRows(string[] QuotedKeywords, bool QuoteAll, List<(uint Oid, string Name, bool CanOrder)> AccessMethods, List<OperatorClassRow> DefaultClasses, List<(uint Source, uint Target)> BinaryCasts);

/// <summary>An index's storage parameters, tablespace, column statistics, and whether it is the table's CLUSTER or REPLICA IDENTITY index.</summary>
internal sealed record IndexSettingsRow(string[] Options, string? Tablespace, string[] ColumnStatistics, bool Clustered, bool ReplicaIdentity);

internal sealed record CompositeTypeRow(uint Oid, uint RelationOid, string Schema, string Name, string? Comment, string[] Names, string[] Types, string?[] Collations, string?[] Comments);

/// <summary>A range type; <paramref name="MultirangeOid"/> is 0 before PostgreSQL 14.</summary>
internal sealed record RangeTypeRow(
    uint Oid, string Schema, string Name, string Subtype, uint MultirangeOid, string? MultirangeSchema, string? MultirangeName,
    string? SubtypeOpclass, string? Collation, string? Canonical, string? SubtypeDiff, string? Comment);

internal sealed record OwnerRow(string Kind, string Schema, string Name, string? Signature, string Role);

internal sealed record FunctionRow(uint Oid, string Schema, string Name, string Arguments, char Kind, string Definition, string? Comment);

internal sealed record TriggerRow(uint Oid, uint RelationOid, string Name, string Definition, char Enabled, string? Comment, uint? ClonedFromOid);

internal sealed record PolicyRow(uint Oid, uint RelationOid, string Name, char Command, bool Permissive, string[] Roles, string? Using, string? WithCheck, string? Comment);

internal sealed record DependencyRow(string Class, uint Oid, int SubId, string RefClass, uint RefOid, int RefSubId);

internal sealed record NotComparedRow(string Kind, int Count, string[] Examples);

internal sealed record PrivilegeRow(string Kind, string Schema, string Name, string? Signature, string Grantee, string Privilege, bool Grantable);

internal sealed record DefinitionRows(List<ConstraintRow> Constraints, List<IndexRow> Indexes, List<FunctionRow> Functions, IndexPrintingRows IndexPrinting);

internal sealed record CatalogRows(
    int ServerVersionNum,
    string Database,
    List<SchemaRow> Schemas,
    List<ExtensionRow> Extensions,
    List<ExtensionMemberRow> ExtensionMembers,
    List<CollationRow> Collations,
    List<EnumRow> Enums,
    List<DomainRow> Domains,
    List<DomainConstraintRow> DomainConstraints,
    List<SequenceRow> Sequences,
    List<RelationRow> Relations,
    List<ParentRow> Parents,
    List<ColumnRow> Columns,
    List<ConstraintRow> Constraints,
    List<IndexRow> Indexes,
    List<FunctionRow> Functions,
    List<TriggerRow> Triggers,
    List<PolicyRow> Policies,
    List<DependencyRow> Dependencies,
    List<NotComparedRow> NotCompared,
    List<PrivilegeRow> Privileges,
    List<CompositeTypeRow> CompositeTypes,
    List<OwnerRow> Owners,
    List<string> Casts,
    List<RangeTypeRow> RangeTypes,
    IndexPrintingRows? IndexPrinting = null)
{
    /// <summary>
    /// The kinds not compared that the database may hold, from the batch: <see cref="CatalogQueries.NotCompared"/>
    /// counts them after it, into <see cref="NotCompared"/>. Empty when it holds none.
    /// </summary>
    public string[] NotComparedKeys { get; init; } = [];

    /// <summary>Reads the result of <see cref="CatalogQueries.NotCompared"/>, the reader's first.</summary>
    public static Task<List<NotComparedRow>> ReadNotComparedAsync(NpgsqlDataReader r, CancellationToken ct) =>
        Rows(r, ct, () => new NotComparedRow(r.GetString(0), r.GetInt32(1), Strings(r, 2)), first: true);

    /// <summary>False when where the sequences stand was left for <see cref="SequencePositions"/> to read after the batch.</summary>
    public bool PositionsRead { get; init; } = true;

    /// <summary>
    /// The queries <see cref="ReadMainAsync"/> reads, in its order; without <paramref name="positions"/>, where the
    /// sequences stand is left unknown (and nothing is left to read after the batch).
    /// </summary>
    public static List<string> MainQueries(int serverVersionNum, bool privileges, bool positions = true)
    {
        List<string> queries =
        [
            positions ? CatalogQueries.Server : CatalogQueries.ServerWithoutPositions,
            CatalogQueries.Schemas,
            CatalogQueries.Extensions,
            CatalogQueries.ExtensionMembers,
            CatalogQueries.Collations(serverVersionNum),
            CatalogQueries.Enums,
            CatalogQueries.Domains,
            CatalogQueries.DomainConstraints,
            positions ? CatalogQueries.Sequences : CatalogQueries.SequencesWithoutPositions,
            CatalogQueries.Relations,
            CatalogQueries.Parents,
            CatalogQueries.Columns(serverVersionNum),
            positions ? CatalogQueries.IdentitySequences : CatalogQueries.IdentitySequencesWithoutPositions,
            CatalogQueries.CompositeTypes,
            CatalogQueries.RangeTypes(serverVersionNum),
            CatalogQueries.Owners,
            CatalogQueries.Casts,
            CatalogQueries.Triggers,
            CatalogQueries.Policies,
            CatalogQueries.Dependencies,
            CatalogQueries.NotComparedCandidates(privileges),
        ];
        if (privileges)
        {
            queries.Add(CatalogQueries.Privileges);
        }

        return queries;
    }

    /// <summary>
    /// The queries where the server does most of the printing (pg_get_constraintdef, pg_get_indexdef,
    /// pg_get_functiondef), read by <see cref="ReadDefinitionsAsync"/>, possibly on a second connection.
    /// </summary>
    public static List<string> DefinitionQueries(int serverVersionNum) =>
    [
        CatalogQueries.Constraints(serverVersionNum),
        CatalogQueries.QuotedKeywords,
        CatalogQueries.IndexAccessMethods,
        CatalogQueries.DefaultOperatorClasses,
        CatalogQueries.BinaryCasts,
        CatalogQueries.Indexes(serverVersionNum),
        CatalogQueries.Functions,
    ];

    /// <summary>
    /// Reads the result sets of <see cref="MainQueries"/> in order (statements without rows, such as SET, are skipped
    /// by the reader); constraints, indexes and functions are left empty for <see cref="ReadDefinitionsAsync"/>.
    /// </summary>
    public static async Task<CatalogRows> ReadMainAsync(NpgsqlDataReader r, bool privileges, StringPool pool, CancellationToken ct)
    {
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The catalog batch returned no server row.");
        }

        var versionNum = r.GetInt32(0);
        var database = r.GetString(1);
        var positionsRead = r.GetBoolean(2);

        var schemas = await Rows(r, ct, () => new SchemaRow(r.GetString(0), Str(r, 1))).ConfigureAwait(false);
        var extensions = await Rows(r, ct, () => new ExtensionRow(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3))).ConfigureAwait(false);
        var members = await Rows(r, ct, () => new ExtensionMemberRow(pool.Get(r, 0), Oid(r, 1), r.GetString(2))).ConfigureAwait(false);
        var collations = await Rows(r, ct, () => new CollationRow(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), r.GetBoolean(6), Str(r, 7))).ConfigureAwait(false);
        var enums = await Rows(r, ct, () => new EnumRow(Oid(r, 0), r.GetString(1), r.GetString(2), Strings(r, 3), Str(r, 4))).ConfigureAwait(false);
        var domains = await Rows(r, ct, () => new DomainRow(Oid(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), Str(r, 4), r.GetBoolean(5), Str(r, 6), Str(r, 7))).ConfigureAwait(false);
        var domainConstraints = await Rows(r, ct, () => new DomainConstraintRow(Oid(r, 0), Oid(r, 1), r.GetString(2), r.GetString(3), r.GetBoolean(4), pool.GetOrNull(r, 5))).ConfigureAwait(false);
        var sequences = await Rows(r, ct, () => new SequenceRow(Oid(r, 0), pool.Get(r, 1), pool.Get(r, 2), pool.Get(r, 3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetBoolean(9), pool.GetOrNull(r, 10), pool.GetOrNull(r, 11), Long(r, 12), r.GetBoolean(13))).ConfigureAwait(false);
        var relations = await Rows(r, ct, () => new RelationRow(Oid(r, 0), pool.Get(r, 1), pool.Get(r, 2), Char(r, 3), Char(r, 4), pool.GetOrNull(r, 5), pool.GetOrNull(r, 6), Strings(r, 7), r.GetBoolean(8), r.GetBoolean(9), pool.GetOrNull(r, 10), pool.GetOrNull(r, 11), r.GetBoolean(12), Oid(r, 13), Char(r, 14), Str(r, 15), Str(r, 16), Strings(r, 17))).ConfigureAwait(false);
        var parents = await Rows(r, ct, () => new ParentRow(Oid(r, 0), pool.Get(r, 1), pool.Get(r, 2), r.GetInt32(3))).ConfigureAwait(false);
        var columnGranted = false;
        var columns = await Rows(r, ct, () =>
        {
            // Whether any column has grants of its own (see CatalogQueries.GrantedColumnsCandidate).
            columnGranted |= r.GetBoolean(23);
            return new ColumnRow(Oid(r, 0), r.GetInt16(1), pool.Get(r, 2), pool.Get(r, 3), r.GetBoolean(4), pool.GetOrNull(r, 5), Char(r, 6), pool.GetOrNull(r, 7), pool.GetOrNull(r, 8), r.GetBoolean(9), pool.GetOrNull(r, 10), r.IsDBNull(11) ? null : Oid(r, 11), Char(r, 12), null, r.IsDBNull(13) ? null : r.GetInt32(13), Char(r, 14), Str(r, 15), Strings(r, 16), Char(r, 17), Oid(r, 18), Oid(r, 19), Char(r, 20), Char(r, 21), r.GetBoolean(22));
        }).ConfigureAwait(false);
        var identities = (await Rows(r, ct, () => (Key: (Oid(r, 0), r.GetInt32(1)), Row: new IdentityRow(pool.Get(r, 2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetBoolean(8), Long(r, 9), Oid(r, 10)))).ConfigureAwait(false))
            .ToDictionary(x => x.Key, x => x.Row);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Identity != '\0' && identities.TryGetValue((columns[i].RelationOid, columns[i].Number), out var identity))
            {
                columns[i] = columns[i] with { IdentitySequence = identity };
            }
        }

        columns.Sort(static (a, b) => a.RelationOid != b.RelationOid ? a.RelationOid.CompareTo(b.RelationOid) : a.Number.CompareTo(b.Number));
        var composites = await Rows(r, ct, () => new CompositeTypeRow(Oid(r, 0), Oid(r, 1), r.GetString(2), r.GetString(3), Str(r, 4), Strings(r, 5), Strings(r, 6), Strings(r, 7), Strings(r, 8))).ConfigureAwait(false);
        var ranges = await Rows(r, ct, () => new RangeTypeRow(
            Oid(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), Oid(r, 4), Str(r, 5), Str(r, 6), Str(r, 7), Str(r, 8), Str(r, 9), Str(r, 10), Str(r, 11))).ConfigureAwait(false);
        var owners = await Rows(r, ct, () => new OwnerRow(pool.Get(r, 0), pool.Get(r, 1), r.GetString(2), Str(r, 3), pool.Get(r, 4))).ConfigureAwait(false);
        var casts = await Rows(r, ct, () => r.GetString(0)).ConfigureAwait(false);
        var triggers = await Rows(r, ct, () => new TriggerRow(Oid(r, 0), Oid(r, 1), pool.Get(r, 2), pool.Get(r, 3), Char(r, 4), pool.GetOrNull(r, 5), r.IsDBNull(6) ? null : Oid(r, 6))).ConfigureAwait(false);
        var policies = await Rows(r, ct, () => new PolicyRow(Oid(r, 0), Oid(r, 1), r.GetString(2), Char(r, 3), r.GetBoolean(4), Strings(r, 5), Str(r, 6), Str(r, 7), Str(r, 8))).ConfigureAwait(false);
        var dependencies = await Rows(r, ct, () => new DependencyRow(pool.Get(r, 0), Oid(r, 1), r.GetInt32(2), pool.Get(r, 3), Oid(r, 4), r.GetInt32(5))).ConfigureAwait(false);
        var notComparedKeys = (await Rows(r, ct, () => Strings(r, 0)).ConfigureAwait(false)).SelectMany(k => k).ToArray();
        if (!privileges && !notComparedKeys.Contains(CatalogQueries.GrantedColumns) && CatalogQueries.GrantedColumnsCandidate(notComparedKeys, columnGranted))
        {
            notComparedKeys = [.. notComparedKeys, CatalogQueries.GrantedColumns];
        }

        var privilegeRows = privileges
            ? await Rows(r, ct, () => new PrivilegeRow(pool.Get(r, 0), pool.Get(r, 1), r.GetString(2), Str(r, 3), pool.Get(r, 4), pool.Get(r, 5), r.GetBoolean(6))).ConfigureAwait(false)
            : [];

        return new CatalogRows(versionNum, database, schemas, extensions, members, collations, enums, domains, domainConstraints, sequences,
            relations, parents, columns, [], [], [], triggers, policies, dependencies, [], privilegeRows, composites, owners, casts, ranges)
        {
            PositionsRead = positionsRead,
            NotComparedKeys = notComparedKeys,
        };
    }

    /// <summary>Reads the result sets of <see cref="DefinitionQueries"/>.</summary>
    /// <param name="first">True when these are the reader's first result sets (a batch of their own).</param>
    public static async Task<DefinitionRows> ReadDefinitionsAsync(NpgsqlDataReader r, bool first, StringPool pool, CancellationToken ct)
    {
        var trees = new StoredTreeReader();
        var constraints = await Rows(r, ct, () => new ConstraintRow(Oid(r, 0), Oid(r, 1), pool.Get(r, 2), Char(r, 3), pool.GetOrNull(r, 4), r.GetBoolean(5), r.GetBoolean(6), r.GetBoolean(7), Shorts(r, 8), pool.GetOrNull(r, 9), pool.GetOrNull(r, 10), pool.GetOrNull(r, 11), r.IsDBNull(15) ? null : Settings(r, 12), Str(r, 17), Strings(r, 18),
            new ConstraintShape(Oid(r, 19), Shorts(r, 20), Char(r, 21), Char(r, 22), Char(r, 23), Shorts(r, 24), Shorts(r, 25), !r.IsDBNull(26) && r.GetBoolean(26), trees.Tree(r, 27), r.GetBoolean(28))), first).ConfigureAwait(false);
        var keywords = await Rows(r, ct, () => (Words: r.GetFieldValue<string[]>(0), QuoteAll: r.GetBoolean(1))).ConfigureAwait(false);
        var methods = await Rows(r, ct, () => (Oid(r, 0), r.GetString(1), r.GetBoolean(2))).ConfigureAwait(false);
        var classes = await Rows(r, ct, () => new OperatorClassRow(Oid(r, 0), Oid(r, 1), Oid(r, 2), Char(r, 3), Char(r, 4), r.GetBoolean(5), Str(r, 6))).ConfigureAwait(false);
        var casts = await Rows(r, ct, () => (Oid(r, 0), Oid(r, 1))).ConfigureAwait(false);
        var indexes = await Rows(r, ct, () => new IndexRow(
            Oid(r, 0), Oid(r, 1), pool.Get(r, 2), pool.GetOrNull(r, 3), r.GetBoolean(4), r.GetBoolean(5), Shorts(r, 6), pool.GetOrNull(r, 7), Settings(r, 8), Strings(r, 13),
            new IndexShape(r.GetFieldValue<uint[]>(14), Shorts(r, 15), r.GetFieldValue<uint[]>(16), r.GetInt16(17), Oid(r, 18), r.GetBoolean(19), r.GetBoolean(20), trees.Tree(r, 21), pool.Get(r, 22), pool.Get(r, 23), trees.List(r, 24)))).ConfigureAwait(false);
        var functions = await Rows(r, ct, () => new FunctionRow(Oid(r, 0), pool.Get(r, 1), pool.Get(r, 2), pool.Get(r, 3), Char(r, 4), pool.Get(r, 5), pool.GetOrNull(r, 6))).ConfigureAwait(false);
        return new DefinitionRows(constraints, indexes, functions, new IndexPrintingRows(keywords[0].Words, keywords[0].QuoteAll, methods, classes, casts));
    }

    /// <summary>Every column by relation and number (built once per read, on first use).</summary>
    public Dictionary<(uint Relation, short Number), ColumnRow> ColumnIndex()
    {
        if (columnIndex is null)
        {
            columnIndex = new Dictionary<(uint, short), ColumnRow>(Columns.Count);
            foreach (var column in Columns)
            {
                columnIndex[(column.RelationOid, column.Number)] = column;
            }
        }

        return columnIndex;
    }

    private Dictionary<(uint, short), ColumnRow>? columnIndex;

    public CatalogRows With(DefinitionRows definitions) =>
        this with { Constraints = definitions.Constraints, Indexes = definitions.Indexes, Functions = definitions.Functions, IndexPrinting = definitions.IndexPrinting };

    /// <param name="first">The reader is already on this result set (the first of its batch).</param>
    private static async Task<List<T>> Rows<T>(NpgsqlDataReader reader, CancellationToken ct, Func<T> map, bool first = false)
    {
        if (!first && !await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The catalog batch returned fewer result sets than queries.");
        }

        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(map());
        }

        return rows;
    }

    /// <summary>The five columns of CatalogQueries.IndexSettings, from <paramref name="i"/>.</summary>
    private static IndexSettingsRow Settings(NpgsqlDataReader r, int i) =>
        new(Strings(r, i), Str(r, i + 1), Strings(r, i + 2), !r.IsDBNull(i + 3) && r.GetBoolean(i + 3), !r.IsDBNull(i + 4) && r.GetBoolean(i + 4));

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string[] Strings(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? [] : r.GetFieldValue<string[]>(i);

    private static short[] Shorts(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? [] : r.GetFieldValue<short[]>(i);

    private static uint Oid(NpgsqlDataReader r, int i) => r.GetFieldValue<uint>(i);

    /// <summary>
    /// A "char" column ('\0' for its empty value, e.g. attidentity of a plain column, and for NULL), cast to int (the
    /// large queries: no string per value) or to text (its first character). The catalog's "char" values are ASCII;
    /// the "char" type itself is not among the types a catalog connection knows.
    /// </summary>
    private static char Char(NpgsqlDataReader r, int i) => r.IsDBNull(i)
        ? '\0'
        : r.GetFieldType(i) == typeof(int) ? (char)r.GetInt32(i) : r.GetString(i) is { Length: > 0 } s ? s[0] : '\0';
}

/// <summary>
/// Parses stored expressions (pg_node_tree, as text) as their rows are read: the text's UTF-8 bytes are copied into a
/// buffer of the read, never into an array or a string of their own, and parsed there with the read's tokens. Parsing
/// while the server still sends the rows after them (indexes, functions) takes it out of the work that waits for the
/// last row: it was about 60 ms of a 2,000-table read, which for the second database of a diff ran on one core while
/// the other had nothing to do. Not thread-safe: one per reader.
/// </summary>
internal sealed class StoredTreeReader
{
    private readonly NodeTree.TokenCache tokens = new();
    private byte[] buffer = new byte[4096];

    /// <summary>The expression in column <paramref name="i"/>, parsed; null when it is NULL.</summary>
    public StoredTree? Tree(NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        var length = Read(r, i);
        return new StoredTree(NodeTree.Parse(buffer, length, tokens));
    }

    /// <summary>The list of expressions in column <paramref name="i"/>, parsed; null when it is NULL.</summary>
    public StoredTree? List(NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        var length = Read(r, i);
        return new StoredTree(null, NodeTree.ParseList(buffer, length, tokens));
    }

    /// <summary>Copies the text of column <paramref name="i"/> into <see cref="buffer"/> (grown, a new array, when too short); its length.</summary>
    private int Read(NpgsqlDataReader r, int i)
    {
        var length = (int)r.GetBytes(i, 0, null, 0, 0);
        if (length > buffer.Length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        return (int)r.GetBytes(i, 0, buffer, 0, length);
    }
}
