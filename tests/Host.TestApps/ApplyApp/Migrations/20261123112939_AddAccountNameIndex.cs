using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApplyApp.Migrations
{
    /// <inheritdoc />
    public partial class AddAccountNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_accounts_Name",
                schema: "ledger",
                table: "accounts",
                column: "Name",
                unique: true)
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_accounts_Name",
                schema: "ledger",
                table: "accounts");
        }
    }
}
