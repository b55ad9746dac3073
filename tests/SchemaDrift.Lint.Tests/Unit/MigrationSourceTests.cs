using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Lint.Tests.Unit;

/// <summary>Reading a migration's file: its calls (strings and comments are not code) and its suppression comments.</summary>
[Trait("Category", "Unit")]
public sealed class MigrationSourceTests
{
    private const string Code = """"
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Shop.Migrations
        {
            public partial class AddSearch : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    // migrationBuilder.DropTable(name: "NotACall");
                    migrationBuilder.CreateIndex(
                        name: "IX_Orders_Total",
                        table: "Orders",
                        column: "Total");

                    /* schemadrift-lint: ignore create-index-not-concurrently the table holds twelve rows */
                    migrationBuilder.CreateIndex(name: "IX_Orders_Note", table: "Orders", column: "Note");
                    migrationBuilder.Sql(@"UPDATE ""Orders"" SET ""Note"" = '}migrationBuilder.DropColumn(';"); // schemadrift-lint: ignore unbatched-backfill twelve rows
                    migrationBuilder.Sql($$"""
                        SELECT '{ not a brace }' -- migrationBuilder.Sql(
                        """);
                    // schemadrift-lint: ignore create-index-not-concurrently
                    var unused = 1;
                    migrationBuilder.AlterDatabase()
                        .Annotation("Npgsql:Enum:shop.state", "a,b");
                    // schemadrift-lint: ignore no-such-rule because
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropIndex(name: "IX_Orders_Total", table: "Orders");
                }
            }
        }
        """";

    [Fact]
    public void Calls_are_found_in_Up_only_and_never_inside_strings_or_comments()
    {
        var source = MigrationSource.Parse(Code);
        Assert.Equal(7, source.UpLine);
        Assert.Equal(
            [("CreateIndex", 10), ("CreateIndex", 16), ("Sql", 17), ("Sql", 18), ("AlterDatabase", 23)],
            source.Calls.Select(c => (c.Method, c.Line)));
    }

    [Fact]
    public void A_suppression_belongs_to_the_call_it_is_on_or_just_above()
    {
        var source = MigrationSource.Parse(Code);
        var suppressions = source.Suppressions.Select(s => (s.Rule, s.Reason, s.Line, s.Call?.Line)).ToList();
        Assert.Equal(
            [
                ("create-index-not-concurrently", "the table holds twelve rows", 15, (int?)16),
                ("unbatched-backfill", "twelve rows", 17, 17),
                ("create-index-not-concurrently", string.Empty, 21, null),
                ("no-such-rule", "because", 25, null),
            ],
            suppressions);
    }

    [Fact]
    public void Operations_are_matched_to_calls_in_order_by_name()
    {
        var source = MigrationSource.Parse(Code);

        // A helper added an operation no call shows (EnsureSchema): it has no call; the others keep theirs.
        var aligned = source.Align(["CreateIndex", "EnsureSchema", "CreateIndex", "Sql", "Sql", "AlterDatabase"]);
        Assert.Equal([10, null, 16, 17, 18, 23], aligned.Select(c => c?.Line));
    }

    [Fact]
    public void A_file_without_Up_has_no_calls()
    {
        var source = MigrationSource.Parse("public class NotAMigration { }");
        Assert.Empty(source.Calls);
        Assert.Equal(1, source.UpLine);
    }
}
