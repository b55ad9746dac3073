using Npgsql;
using NpgsqlTypes;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// What <see cref="CheckPrinter"/> needs to know about the operators, functions and types a check or an index expression refers to by OID.
/// A first pass over the checks with <see cref="Collector"/> gathers every OID; <see cref="ReadAsync"/> then reads
/// them all in one round trip, in the read's transaction (same snapshot, search_path = pg_catalog), and a second
/// pass prints with the answers.
/// </summary>
internal abstract class CheckNames
{
    /// <summary>standard_conforming_strings is on: backslashes in string constants are printed as they are.</summary>
    public abstract bool StandardStrings { get; }

    /// <summary>The server encoding is UTF8: string constants' bytes are decoded as UTF-8 (else only ASCII ones are printed).</summary>
    public abstract bool Utf8 { get; }

    /// <summary>
    /// generate_operator_name's output where it is the bare name: an operator of pg_catalog of that kind ('b'
    /// binary, 'l' prefix) taking exactly these types, which the parser finds by name and types alone. Null
    /// otherwise (the server would qualify it, or may resolve it in a way this does not reproduce).
    /// </summary>
    public abstract string? Operator(uint oid, char kind, uint left, uint right);

    /// <summary>
    /// generate_function_name's output where it is the bare (quoted) name: a plain function of pg_catalog taking
    /// exactly these types, with no variadic or defaulted namesake that could make the lookup ambiguous.
    /// </summary>
    public abstract string? Function(uint oid, uint[] argumentTypes);

    /// <summary>format_type_with_typemod.</summary>
    public abstract string? TypeName(uint type, int typmod);

    /// <summary>The type is not a row type, nor a domain (that might be over one): NullTest prints IS [NOT] NULL for it.</summary>
    public abstract bool IsScalar(uint type);

    /// <summary>get_base_element_type of an array type, when it is no domain; null when unknown.</summary>
    public abstract uint? Element(uint arrayType);

    /// <summary>What GetDefaultOpClass weighs of a type (an index key expression's): null when unknown.</summary>
    public abstract TypeFacts? Facts(uint type);

    /// <summary>The first pass: records every question and answers as if everything were printable.</summary>
    internal sealed class Collector : CheckNames
    {
        /// <summary>
        /// The first OID initdb does not assign (FirstNormalObjectId): an operator or function from there on is a
        /// user's, never one of pg_catalog's that this prints, so its check is sent to the server's printer at once.
        /// </summary>
        private const uint FirstNormalObjectId = 16384;

        /// <summary>An operator or function asked about since this was last reset is a user's.</summary>
        public bool UserObjects { get; set; }

        public HashSet<uint> Operators { get; } = [];

        public HashSet<uint> Functions { get; } = [];

        public HashSet<(uint Type, int Typmod)> Types { get; } = [];

        public override bool StandardStrings => true;

        public override bool Utf8 => true;

        public override string? Operator(uint oid, char kind, uint left, uint right)
        {
            UserObjects |= oid >= FirstNormalObjectId;
            Operators.Add(oid);
            return "?";
        }

        public override string? Function(uint oid, uint[] argumentTypes)
        {
            UserObjects |= oid >= FirstNormalObjectId;
            Functions.Add(oid);
            return "?";
        }

        public override string? TypeName(uint type, int typmod)
        {
            Types.Add((type, typmod));
            return "?";
        }

        public override bool IsScalar(uint type) => Types.Add((type, -1)) || true;

        public override uint? Element(uint arrayType)
        {
            Types.Add((arrayType, -1));
            return 0;
        }

        public override TypeFacts? Facts(uint type)
        {
            Types.Add((type, -1));
            return new TypeFacts(type, 'b', 'U', false);
        }
    }

    /// <summary>
    /// The names read from the server for what <paramref name="collected"/> asked, and in the same round trip the
    /// definitions of the checks and indexes already known to be the server's to print (<paramref name="serverPrinted"/>,
    /// <paramref name="serverPrintedIndexes"/>).
    /// </summary>
    public static async Task<(CheckNames Names, Dictionary<uint, string> Definitions, Dictionary<uint, string> IndexDefinitions)> ReadAsync(
        Collector collected, List<uint> serverPrinted, List<uint> serverPrintedIndexes, int serverVersionNum, IndexPrinter quoting,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // A true array type (get_element_type): from 14 on, told by its subscript handler; before, by typlen -1 and an element type.
        var trueArray = serverVersionNum >= 140000 ? " AND t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc" : string.Empty;
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT current_setting('standard_conforming_strings') = 'on', current_setting('server_encoding') = 'UTF8'"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT o.oid, o.oprname::text, o.oprkind::int, o.oprleft, o.oprright FROM pg_operator o
            WHERE o.oid = ANY($1) AND o.oprnamespace = 'pg_catalog'::regnamespace
            """)
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid, Value = collected.Operators.ToArray() } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT p.oid, p.proname::text, p.proargtypes::oid[] FROM pg_proc p
            WHERE p.oid = ANY($1) AND p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f' AND p.provariadic = 0 AND NOT p.proretset
              AND NOT EXISTS (SELECT FROM pg_proc q WHERE q.proname = p.proname AND q.pronamespace = p.pronamespace
                                                      AND (q.provariadic <> 0 OR q.pronargdefaults > 0))
            """)
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid, Value = collected.Functions.ToArray() } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT u.t, u.m, format_type(u.t, u.m), t.typtype::int,
                   (SELECT e.oid FROM pg_type e WHERE e.oid = t.typelem AND t.typlen = -1 AND e.typtype <> 'd'{trueArray}),
                   t.typcategory::int, {CatalogQueries.IsArrayType("t", serverVersionNum)}
            FROM unnest($1::oid[], $2::int4[]) u(t, m) JOIN pg_type t ON t.oid = u.t
            """)
        {
            Parameters =
            {
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid, Value = collected.Types.Select(t => t.Type).ToArray() },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = collected.Types.Select(t => t.Typmod).ToArray() },
            },
        });

        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT o, pg_get_constraintdef(o) FROM unnest($1::oid[]) o")
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid, Value = serverPrinted.ToArray() } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT o, pg_get_indexdef(o) FROM unnest($1::oid[]) o")
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid, Value = serverPrintedIndexes.ToArray() } },
        });

        var read = new Read();
        var definitions = new Dictionary<uint, string>(serverPrinted.Count);
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            read.Settings = (reader.GetBoolean(0), reader.GetBoolean(1));
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            read.Operators[reader.GetFieldValue<uint>(0)] = (reader.GetString(1), (char)reader.GetInt32(2), reader.GetFieldValue<uint>(3), reader.GetFieldValue<uint>(4));
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            read.Functions[reader.GetFieldValue<uint>(0)] = (quoting.Quote(reader.GetString(1)), reader.GetFieldValue<uint[]>(2));
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var type = reader.GetFieldValue<uint>(0);
            read.TypeNames[(type, reader.GetInt32(1))] = reader.GetString(2);
            read.Types[type] = ((char)reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<uint>(4), (char)reader.GetInt32(5), reader.GetBoolean(6));
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            definitions[reader.GetFieldValue<uint>(0)] = reader.GetString(1);
        }

        var indexDefinitions = new Dictionary<uint, string>(serverPrintedIndexes.Count);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            indexDefinitions[reader.GetFieldValue<uint>(0)] = reader.GetString(1);
        }

        return (read, definitions, indexDefinitions);
    }

    /// <summary>The second pass: answers from what the server said.</summary>
    private sealed class Read : CheckNames
    {
        public (bool StandardStrings, bool Utf8) Settings { get; set; }

        public Dictionary<uint, (string Name, char Kind, uint Left, uint Right)> Operators { get; } = [];

        public Dictionary<uint, (string Name, uint[] Arguments)> Functions { get; } = [];

        public Dictionary<(uint, int), string> TypeNames { get; } = [];

        public Dictionary<uint, (char TypeType, uint? Element, char Category, bool IsArray)> Types { get; } = [];

        public override bool StandardStrings => Settings.StandardStrings;

        public override bool Utf8 => Settings.Utf8;

        public override string? Operator(uint oid, char kind, uint left, uint right) =>
            Operators.TryGetValue(oid, out var op) && op.Kind == kind && op.Left == left && op.Right == right ? op.Name : null;

        public override string? Function(uint oid, uint[] argumentTypes) =>
            Functions.TryGetValue(oid, out var function) && function.Arguments.AsSpan().SequenceEqual(argumentTypes) ? function.Name : null;

        public override string? TypeName(uint type, int typmod) => TypeNames.GetValueOrDefault((type, typmod));

        public override bool IsScalar(uint type) => Types.TryGetValue(type, out var t) && t.TypeType is 'b' or 'e' or 'r' or 'm';

        public override uint? Element(uint arrayType) => Types.TryGetValue(arrayType, out var t) ? t.Element : null;

        public override TypeFacts? Facts(uint type) => Types.TryGetValue(type, out var t) ? new TypeFacts(type, t.TypeType, t.Category, t.IsArray) : null;
    }
}
