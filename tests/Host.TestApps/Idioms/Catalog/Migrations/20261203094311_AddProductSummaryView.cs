using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Catalog.Migrations
{
    /// <inheritdoc />
    public partial class AddProductSummaryView : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW catalog.product_summaries AS
                SELECT "Kind", count(*)::integer AS "Count", coalesce(avg("Price"), 0)::numeric(12,2) AS "AveragePrice"
                FROM catalog.products
                GROUP BY "Kind";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW catalog.product_summaries;");
        }
    }
}
