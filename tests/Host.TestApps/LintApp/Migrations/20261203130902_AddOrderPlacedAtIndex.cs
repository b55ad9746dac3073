using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LintApp.Migrations
{
    /// <inheritdoc />
    public partial class AddOrderPlacedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Orders_PlacedAt",
                schema: "lint",
                table: "Orders",
                column: "PlacedAt")
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_PlacedAt",
                schema: "lint",
                table: "Orders");
        }
    }
}
