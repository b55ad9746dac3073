using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Multi.Migrations.Orders
{
    /// <inheritdoc />
    public partial class AddOrderNumberIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Orders_Number",
                schema: "sales",
                table: "Orders",
                column: "Number",
                unique: true)
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.Sql(@"
                COMMENT ON TABLE sales.""Orders"" IS 'Orders placed by customers';
            ");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_Number",
                schema: "sales",
                table: "Orders");
        }
    }
}
