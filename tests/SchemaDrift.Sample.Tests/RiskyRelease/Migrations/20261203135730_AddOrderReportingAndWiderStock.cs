using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <inheritdoc />
    public partial class AddOrderReportingAndWiderStock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "QuantityOnHand",
                schema: "shop",
                table: "StockLevels",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PlacedAt",
                schema: "shop",
                table: "Orders",
                column: "PlacedAt");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Orders_Currency_Upper",
                schema: "shop",
                table: "Orders",
                sql: "\"Currency\" = upper(\"Currency\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_PlacedAt",
                schema: "shop",
                table: "Orders");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Orders_Currency_Upper",
                schema: "shop",
                table: "Orders");

            migrationBuilder.AlterColumn<int>(
                name: "QuantityOnHand",
                schema: "shop",
                table: "StockLevels",
                type: "integer",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint");
        }
    }
}
