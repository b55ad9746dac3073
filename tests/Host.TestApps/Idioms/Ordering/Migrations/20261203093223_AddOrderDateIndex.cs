using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class AddOrderDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_orders_OrderDate",
                schema: "ordering",
                table: "orders",
                column: "OrderDate");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_orders_OrderDate",
                schema: "ordering",
                table: "orders");
        }
    }
}
