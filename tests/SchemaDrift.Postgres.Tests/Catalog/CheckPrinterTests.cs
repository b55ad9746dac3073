using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;
using Xunit;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// The tests that count the checks left to the server (a process-wide counter) run alone, after the parallel ones,
/// so that no other test's read moves the counter meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CheckCountingCollection
{
    public const string Name = "check counting";
}

/// <summary>
/// Check definitions the reader prints itself from conbin are the server's (pg_get_constraintdef) to the character,
/// the common shapes need no server printing, and anything outside the printed subset is left to the server.
/// </summary>
[Collection(CheckCountingCollection.Name)]
public class CheckPrinterTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Schema = """
        CREATE SCHEMA printed;
        CREATE SCHEMA served;
        CREATE TYPE served.mood AS ENUM ('a', 'b');
        CREATE DOMAIN printed.posint AS int CHECK (VALUE > 0);
        CREATE FUNCTION served.ok(int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
        CREATE TABLE printed."Odd T" (
            "Mixed" int, "select" int, "a b" text, price numeric, n int, s smallint, b bigint, v varchar(20), c char(3), t text, f bool,
            d printed.posint, email text, "user" text, starts timestamptz, ends timestamptz, ratio float8,
            CHECK (ends > starts), CHECK (starts <= now()), CHECK (ratio > 0.5), CHECK (t IN ('only')),
            CHECK ("Mixed" > -5), CHECK ("select" IN (1, 2, 3)), CHECK (price > 0),
            CHECK (price >= 1.50 AND price < 1e20 OR price = -2.5 OR price > 0.000001 OR price = 0.0 OR price = 12345678.9 OR price = 100000.0001 OR price = -0.5),
            CHECK (price <> 1.5::numeric(5, 2)), CHECK (v IN ('x', 'y''z')), CHECK (c = 'ab'), CHECK (t <> 'a\b'), CHECK (t <> 'é'),
            CHECK (char_length("a b") > 0), CHECK (email LIKE '%@%'), CHECK (t ~ '^[a-z]+$'), CHECK ("user" NOT IN ('a', 'b')),
            CHECK (NOT (n IS NULL) AND (s IS NOT NULL OR b > 10000000000)), CHECK (b > -10000000000), CHECK (n < "select"),
            CHECK (n BETWEEN 1 AND 10), CHECK (d > 1), CHECK (lower(t) = t), CHECK (f), CHECK (f = true), CHECK (v::text <> ''),
            CHECK (s > 5::smallint), CHECK (length(v) < 10), CHECK (b::int > 0), CHECK (- n < 3), CHECK (t IS NULL OR t <> NULL),
            CHECK (n = ANY (ARRAY[]::int[])), CHECK (t::varchar(3) <> 'abc'), CHECK (t::int > 0), CHECK (n > 0) NO INHERIT);
        ALTER TABLE printed."Odd T" ADD CONSTRAINT "Not Valid" CHECK (n <> 7) NOT VALID;
        CREATE TABLE served.t (m served.mood, n int, t text, tags text[],
            CHECK (array_length(tags, 1) > 0),
            CHECK (m <> 'a'), CHECK (served.ok(n)), CHECK (t > 'a' COLLATE "C"), CHECK (CASE WHEN n > 0 THEN true ELSE false END),
            CHECK (coalesce(n, 0) >= 0), CHECK (t = ANY ('{a,b}'::text[])));
        """;

    [Fact]
    public async Task Printed_checks_are_the_servers_and_only_the_unsupported_ones_are_left_to_the_server()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(Schema);
        await using var connection = await db.OpenAsync();

        var (printed, printedByServer) = await ReadCountingAsync(connection, "printed");
        Assert.Equal(0, printedByServer);
        Assert.Equal(36, printed.Constraints.Count(c => c.Definition.StartsWith("CHECK", StringComparison.Ordinal)));
        await ServerPrinting.AssertSameAsServerAsync(connection, printed);
        Assert.Contains(printed.Constraints, c => c.Definition == """CHECK (((v)::text = ANY ((ARRAY['x'::character varying, 'y''z'::character varying])::text[])))""");
        Assert.Contains(printed.Constraints, c => c.Definition == """CHECK ((n > 0)) NO INHERIT""");
        Assert.Contains(printed.Constraints, c => c.Definition == """CHECK ((n <> 7)) NOT VALID""");

        // Without standard_conforming_strings the server doubles backslashes in string constants: so does the printer.
        await using (var off = new NpgsqlCommand("SET standard_conforming_strings = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        var (escaped, escapedByServer) = await ReadCountingAsync(connection, "printed");
        Assert.Equal(0, escapedByServer);
        await ServerPrinting.AssertSameAsServerAsync(connection, escaped);
        Assert.Contains(escaped.Constraints, c => c.Definition == """CHECK ((t <> 'a\\b'::text))""");
        await using (var on = new NpgsqlCommand("SET standard_conforming_strings = on", connection))
        {
            await on.ExecuteNonQueryAsync();
        }

        var (served, servedByServer) = await ReadCountingAsync(connection, "served");
        Assert.Equal(7, servedByServer);
        await ServerPrinting.AssertSameAsServerAsync(connection, served);
    }

    /// <summary>
    /// Stored expressions are parsed as their rows are read, in one buffer per read: trees longer than it (tens of
    /// KB), a short one after a long one, an index's key expressions and predicate, and a tree too deep to read (left
    /// to the server) all print as the server prints them.
    /// </summary>
    [Fact]
    public async Task Stored_expressions_of_any_length_are_parsed_as_read_and_printed_as_the_server_prints_them()
    {
        var values = string.Join(", ", Enumerable.Range(1, 400).Select(i => $"'value {i}'"));
        var deep = string.Concat(Enumerable.Repeat("abs(", 201)) + "n" + new string(')', 201);
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync($"""
            CREATE SCHEMA trees;
            CREATE TABLE trees.t (n int, t text,
                CONSTRAINT a_long CHECK (t IN ({values})),
                CONSTRAINT b_short CHECK (n > 0),
                CONSTRAINT c_long CHECK (t NOT IN ({values}) OR n < 0),
                CONSTRAINT d_deep CHECK ({deep} >= 0),
                CONSTRAINT e_short CHECK (t <> 'x'));
            CREATE INDEX t_lower ON trees.t (lower(t), (n + 1)) WHERE t IN ({values});
            CREATE INDEX t_small ON trees.t ((n * 2)) WHERE n > 1;
            """);
        await using var connection = await db.OpenAsync();
        await using (var length = new NpgsqlCommand("SELECT max(length(conbin::text)) FROM pg_constraint WHERE conname IN ('a_long', 'c_long')", connection))
        {
            Assert.True(Convert.ToInt32(await length.ExecuteScalarAsync()) > 4 * 4096);
        }

        var (snapshot, byServer) = await ReadCountingAsync(connection, "trees");

        // Only the tree too deep to read went to the server.
        Assert.Equal(1, byServer);
        Assert.Equal(5, snapshot.Constraints.Count);
        Assert.Equal(2, snapshot.Indexes.Count);
        await ServerPrinting.AssertSameAsServerAsync(connection, snapshot);
    }

    /// <summary>A read of one schema, and how many of its checks the server printed.</summary>
    private static async Task<(SchemaSnapshot Snapshot, int ServerPrinted)> ReadCountingAsync(NpgsqlConnection connection, string schema)
    {
        var before = CheckPrinter.ServerPrinted;
        var snapshot = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludeSchemas: [schema]));
        return (snapshot, CheckPrinter.ServerPrinted - before);
    }

    [Fact]
    public void A_node_tree_is_read_by_field_name_with_lists_datums_and_nulls()
    {
        var tree = NodeTree.Parse("""
            {OPEXPR :opno 531 :opfuncid 157 :opresulttype 16 :opretset false :opcollid 0 :inputcollid 100 :args ({VAR :varno 1 :varattno 10
            :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnullingrels (b) :varnosyn 1 :varattnosyn 10 :location 817} {CONST :consttype 25
            :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull true :location 822 :constvalue <>} {CONST :consttype 1700
            :consttypmod -1 :constcollid 0 :constlen -1 :constbyval false :constisnull false :location 264 :constvalue 10 [ 40 0 0 0 0 -127 1 0 -120 19 ]}) :location 819}
            """);

        Assert.NotNull(tree);
        Assert.Equal("OPEXPR", tree.Type);
        Assert.Equal(531u, tree.Oid("opno"));
        Assert.Equal(false, tree.Boolean("opretset"));
        var args = tree.Nodes("args");
        Assert.NotNull(args);
        Assert.Equal(3, args.Count);
        Assert.Equal(-1, args[0].Integer("vartypmod"));
        Assert.True(args[1].TryField("constvalue", out var nothing));
        Assert.Null(nothing);
        var datum = Assert.IsType<NodeTree.Datum>(args[2].Field("constvalue"));
        Assert.Equal([40, 0, 0, 0, 0, 129, 1, 0, 136, 19], datum.Bytes);
        Assert.Null(tree.Node("missing"));
        Assert.Null(NodeTree.Parse("{OPEXPR :opno 1"));
        Assert.Null(NodeTree.Parse("{VAR :varno 1} {VAR :varno 2}"));
        Assert.Null(NodeTree.Parse("(1 2)"));
        Assert.NotNull(NodeTree.Parse(string.Concat(Enumerable.Repeat("{BOOLEXPR :args (", 200)) + string.Concat(Enumerable.Repeat(")}", 200))));
        Assert.Null(NodeTree.Parse(string.Concat(Enumerable.Repeat("{BOOLEXPR :args (", 201)) + string.Concat(Enumerable.Repeat(")}", 201))));

        // Trees are parsed from the server's UTF-8 bytes: a token with characters of several bytes and escapes, and
        // one longer than the tokens decoded on the stack.
        var alias = NodeTree.Parse("{ALIAS :aliasname caf\u00e9\\ \\(x\\) :long " + new string('n', 300) + " :colnames <>}");
        Assert.NotNull(alias);
        Assert.Equal("caf\u00e9 (x)", alias.Token("aliasname"));
        Assert.Equal(new string('n', 300), alias.Token("long"));
        Assert.True(alias.TryField("colnames", out var none));
        Assert.Null(none);
    }

    [Theory]
    [InlineData(new byte[] { 40, 0, 0, 0, 0, 0x81, 1, 0, 0x88, 19 }, "1.50")]
    [InlineData(new byte[] { 32, 0, 0, 0, 5, 0x80, 1, 0 }, "100000000000000000000")]
    [InlineData(new byte[] { 24, 0, 0, 0, 0x80, 0x80 }, "0.0")]
    [InlineData(new byte[] { 0x0B, 0x7E, 0x83, 0x64, 0 }, "0.000001")]
    [InlineData(new byte[] { 40, 0, 0, 0, 0x80, 0xA0, 0x02, 0, 0x88, 0x13 }, "-2.5")]
    [InlineData(new byte[] { 32, 0, 0, 0, 0, 0x80, 0x64, 0 }, "100")]
    [InlineData(new byte[] { 48, 0, 0, 0, 0x02, 0, 0, 0, 0x0C, 0, 0x48, 0x0D }, "12.34")]
    [InlineData(new byte[] { 24, 0, 0, 0, 0, 0xC0 }, null)]
    public void Numeric_constants_print_as_numeric_out(byte[] bytes, string? expected) =>
        Assert.Equal(expected, CheckConstants.Output(CheckConstants.Numeric, bytes, utf8: true));

    [Fact]
    public void Integer_bool_and_string_constants_print_as_their_output_functions()
    {
        Assert.Equal("-5", CheckConstants.Output(CheckConstants.Int4, [0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], utf8: true));
        Assert.Equal("3", CheckConstants.Output(CheckConstants.Int2, [3, 0, 0, 0, 0, 0, 0, 0], utf8: true));
        Assert.Equal("10000000000", CheckConstants.Output(CheckConstants.Int8, [0, 0xE4, 0x0B, 0x54, 2, 0, 0, 0], utf8: true));
        Assert.Equal("t", CheckConstants.Output(CheckConstants.Bool, [1, 0, 0, 0, 0, 0, 0, 0], utf8: true));

        // A layout this does not expect (here a value whose high bytes are not its sign) is not guessed at.
        Assert.Null(CheckConstants.Output(CheckConstants.Int4, [0, 0, 0, 0, 0, 0, 0, 5], utf8: true));
        Assert.Null(CheckConstants.Output(CheckConstants.Int4, [5, 0, 0, 0], utf8: true));

        Assert.Equal("y'z", CheckConstants.Output(CheckConstants.Varchar, [28, 0, 0, 0, 121, 39, 122], utf8: true));
        Assert.Equal("a\\b", CheckConstants.Output(CheckConstants.Text, [0x09, 97, 92, 98], utf8: true));
        Assert.Equal(string.Empty, CheckConstants.Output(CheckConstants.Text, [16, 0, 0, 0], utf8: true));
        Assert.Equal("é", CheckConstants.Output(CheckConstants.Text, [24, 0, 0, 0, 0xC3, 0xA9], utf8: true));
        Assert.Null(CheckConstants.Output(CheckConstants.Text, [24, 0, 0, 0, 0xC3, 0xA9], utf8: false));
        Assert.Null(CheckConstants.Output(CheckConstants.Text, [28, 0, 0, 0, 0xC3, 0x28, 0x41], utf8: true));
        Assert.Null(CheckConstants.Output(CheckConstants.Text, [32, 0, 0, 0, 97], utf8: true));
        Assert.Null(CheckConstants.Output(3802, [16, 0, 0, 0], utf8: true));
    }
}
