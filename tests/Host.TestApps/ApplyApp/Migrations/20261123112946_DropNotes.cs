using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApplyApp.Migrations
{
    /// <inheritdoc />
    public partial class DropNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Notes",
                schema: "ledger",
                table: "accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Notes",
                schema: "ledger",
                table: "accounts",
                type: "text",
                nullable: true);
        }
    }
}
