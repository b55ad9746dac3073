using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <inheritdoc />
    public partial class AddLoyaltyAndTagSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Phone",
                schema: "shop",
                table: "Customers",
                newName: "PhoneNumber");

            migrationBuilder.AddColumn<int>(
                name: "LoyaltyPoints",
                schema: "shop",
                table: "Customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Products_Tags",
                schema: "shop",
                table: "Products",
                column: "Tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Customers_LoyaltyPoints_NonNegative",
                schema: "shop",
                table: "Customers",
                sql: "\"LoyaltyPoints\" >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_Tags",
                schema: "shop",
                table: "Products");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Customers_LoyaltyPoints_NonNegative",
                schema: "shop",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "LoyaltyPoints",
                schema: "shop",
                table: "Customers");

            migrationBuilder.RenameColumn(
                name: "PhoneNumber",
                schema: "shop",
                table: "Customers",
                newName: "Phone");
        }
    }
}
