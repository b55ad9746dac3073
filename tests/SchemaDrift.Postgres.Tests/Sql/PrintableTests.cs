using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Tests.Sql;

[Trait("Category", "Unit")]
public class PrintableTests
{
    [Theory]
    [InlineData("shop.orders", "shop.orders")]
    [InlineData("café \"Straße\" 注文 C:\\temp", "café \"Straße\" 注文 C:\\temp")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m")]
    [InlineData("two\nlines\r\nand\ttab", "two\\nlines\\r\\nand\\ttab")]
    [InlineData("line\u2028separator\u2029paragraph\u0085next", "line\\u2028separator\\u2029paragraph\\u0085next")]
    [InlineData("evil\u202eexe.txt\u2066", "evil\\u202eexe.txt\\u2066")]
    [InlineData("nul\0del\u007f", "nul\\u0000del\\u007f")]
    public void Escape_writes_every_unsafe_character_as_an_escape_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, Printable.Escape(text));

    [Fact]
    public void Escape_keeps_whole_surrogate_pairs_and_escapes_lone_halves() =>
        Assert.Equal("emoji 😀 half \\ud83d.", Printable.Escape("emoji 😀 half \ud83d."));

    [Fact]
    public void Lines_keeps_line_feeds_and_escapes_the_rest()
    {
        Assert.Equal("CREATE TABLE \"a\\u001bb\" (\n  id int\n);\\r", Printable.Lines("CREATE TABLE \"a\u001bb\" (\r\n  id int\n);\r"));
    }

    [Fact]
    public void A_comment_cannot_be_ended_early_by_its_text()
    {
        // PostgreSQL ends a -- comment at a line feed or a carriage return: neither may reach the script bare.
        var comment = Printable.Comment("drop table \"x\rDROP TABLE users;\"\nsecond line");

        Assert.Equal("-- drop table \"x\\rDROP TABLE users;\"\n-- second line\n", comment);
        Assert.All(comment.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("-- ", line, StringComparison.Ordinal));
        Assert.DoesNotContain('\r', comment);
    }

    [Fact]
    public void A_comment_line_keeps_a_name_with_line_breaks_on_one_line() =>
        Assert.Equal("-- drop table \"a\\nb\\rc\"\n", Printable.CommentLine("drop table \"a\nb\rc\""));

    [Fact]
    public void A_commented_statement_keeps_its_lines_but_not_the_line_breaks_of_a_name()
    {
        var sql = "CREATE FUNCTION f() RETURNS text\r\nLANGUAGE sql AS 'SELECT ''a\"b''';\nDROP TABLE public.\"x\ny\r\nz\";";

        Assert.Equal(
            "-- CREATE FUNCTION f() RETURNS text\n-- LANGUAGE sql AS 'SELECT ''a\"b''';\n-- DROP TABLE public.\"x\\ny\\r\\nz\";\n",
            Printable.CommentedSql(sql));
    }

    [Fact]
    public void A_statement_on_one_line_joins_its_lines_but_keeps_a_name_exact() =>
        Assert.Equal("DROP TABLE shop.\"a\\nb\\u001b\";  COMMENT ON TABLE t IS 'x y';", Printable.SqlLine("DROP TABLE shop.\"a\nb\u001b\";\r\n COMMENT ON TABLE t IS 'x\ny';"));

    [Fact]
    public void Nothing_unsafe_survives_any_character()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var escaped = Printable.Escape("a" + (char)c + "b");
            Assert.DoesNotContain(escaped, ch => Printable.IsUnsafe(ch));
        }
    }
}
