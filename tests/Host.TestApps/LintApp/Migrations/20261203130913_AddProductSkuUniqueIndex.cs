using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LintApp.Migrations
{
    /// <inheritdoc />
    public partial class AddProductSkuUniqueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // By hand: the unique index the next migration turns into the Sku alternate key (UNIQUE USING INDEX),
            // built without blocking writes, on its own, outside a transaction.
            migrationBuilder.Sql(@"CREATE UNIQUE INDEX CONCURRENTLY ""AK_Products_Sku"" ON lint.""Products"" (""Sku"");", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP INDEX CONCURRENTLY lint.""AK_Products_Sku"";", suppressTransaction: true);
        }
    }
}
