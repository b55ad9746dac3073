using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RollbackApp.Migrations
{
    /// <inheritdoc />
    public partial class RelaxSkuUniqueness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_items_Sku",
                schema: "stock",
                table: "items");

            migrationBuilder.CreateIndex(
                name: "IX_items_Sku",
                schema: "stock",
                table: "items",
                column: "Sku");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_items_Sku",
                schema: "stock",
                table: "items");

            migrationBuilder.CreateIndex(
                name: "IX_items_Sku",
                schema: "stock",
                table: "items",
                column: "Sku",
                unique: true);
        }
    }
}
