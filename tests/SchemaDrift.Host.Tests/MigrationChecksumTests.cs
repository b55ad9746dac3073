using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Host.Tests;

[Trait("Category", "Unit")]
public class MigrationChecksumTests
{
    private static readonly MigrationCommand[] Migration =
    [
        new("CREATE TABLE shop.orders (\n    id integer NOT NULL,\n    note text\n);\n", false),
        new("CREATE INDEX CONCURRENTLY ix_orders_note ON shop.orders (note);\n", true),
        new("\n    UPDATE shop.orders SET note = 'a  b';\n\n\n    SELECT 1;\n", false),
    ];

    [Fact]
    public void Is_lowercase_sha256_hex_and_repeatable()
    {
        var checksum = MigrationChecksum.Compute(Migration);

        Assert.Matches("^[0-9a-f]{64}$", checksum);
        Assert.Equal(checksum, MigrationChecksum.Compute([.. Migration]));
    }

    [Fact]
    public void Is_pinned_so_that_a_change_of_the_canonical_form_cannot_slip_through()
    {
        Assert.Equal(
            "schemadrift-migration-checksum v1\n-- transaction: default\nCREATE TABLE t (id int);",
            MigrationChecksum.Canonicalize([new("CREATE TABLE t (id int);\r\n", false)]));
        Assert.Equal(
            "85ed889a864331f64f9e60cc8ef1e4f490f7e49224bdeb49be8870fddef6373b",
            MigrationChecksum.Compute([new("CREATE TABLE t (id int);\r\n", false)]));
    }

    [Fact]
    public void Ignores_line_endings_trailing_whitespace_blank_line_runs_and_surrounding_whitespace()
    {
        MigrationCommand[] reformatted =
        [
            new("\r\n\r\nCREATE TABLE shop.orders (  \r\n    id integer NOT NULL,\t\r\n    note text\r\n);   \r\n\r\n", false),
            new("  CREATE INDEX CONCURRENTLY ix_orders_note ON shop.orders (note);", true),
            new("UPDATE shop.orders SET note = 'a  b';\r\n\r\n    SELECT 1;", false),
        ];

        Assert.Equal(MigrationChecksum.Compute(Migration), MigrationChecksum.Compute(reformatted));
    }

    [Theory]
    [InlineData(0, "CREATE TABLE shop.orders (\n    id bigint NOT NULL,\n    note text\n);\n", false)]
    [InlineData(1, "CREATE INDEX CONCURRENTLY ix_orders_note ON shop.orders (note);\n", false)]
    [InlineData(2, "\n    UPDATE shop.orders SET note = 'a b';\n\n\n    SELECT 1;\n", false)]
    [InlineData(2, "\n    UPDATE shop.orders SET note = 'a  b';\n    SELECT 1;\n", false)]
    public void Changes_with_what_the_migration_does(int index, string sql, bool transactionSuppressed)
    {
        var changed = Migration.ToArray();
        changed[index] = new MigrationCommand(sql, transactionSuppressed);

        Assert.NotEqual(MigrationChecksum.Compute(Migration), MigrationChecksum.Compute(changed));
    }

    [Fact]
    public void Changes_when_commands_are_split_merged_reordered_or_dropped()
    {
        var original = MigrationChecksum.Compute(Migration);

        Assert.NotEqual(original, MigrationChecksum.Compute([Migration[1], Migration[0], Migration[2]]));
        Assert.NotEqual(original, MigrationChecksum.Compute([Migration[0], Migration[1]]));
        Assert.NotEqual(
            MigrationChecksum.Compute([new("SELECT 1;\nSELECT 2;", false)]),
            MigrationChecksum.Compute([new("SELECT 1;", false), new("SELECT 2;", false)]));
        Assert.NotEqual(MigrationChecksum.Compute([]), MigrationChecksum.Compute([new("", false)]));
    }
}
