using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Evolution.Migrations
{
    /// <inheritdoc />
    public partial class RenameRemarksAndAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ledger_entries_accounts_AccountId",
                schema: "legacy",
                table: "ledger_entries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_accounts",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.RenameTable(
                name: "accounts",
                schema: "legacy",
                newName: "customer_accounts",
                newSchema: "legacy");

            migrationBuilder.RenameColumn(
                name: "Notes",
                schema: "legacy",
                table: "customer_accounts",
                newName: "Remarks");

            migrationBuilder.AddPrimaryKey(
                name: "PK_customer_accounts",
                schema: "legacy",
                table: "customer_accounts",
                column: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_ledger_entries_customer_accounts_AccountId",
                schema: "legacy",
                table: "ledger_entries",
                column: "AccountId",
                principalSchema: "legacy",
                principalTable: "customer_accounts",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ledger_entries_customer_accounts_AccountId",
                schema: "legacy",
                table: "ledger_entries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_customer_accounts",
                schema: "legacy",
                table: "customer_accounts");

            migrationBuilder.RenameTable(
                name: "customer_accounts",
                schema: "legacy",
                newName: "accounts",
                newSchema: "legacy");

            migrationBuilder.RenameColumn(
                name: "Remarks",
                schema: "legacy",
                table: "accounts",
                newName: "Notes");

            migrationBuilder.AddPrimaryKey(
                name: "PK_accounts",
                schema: "legacy",
                table: "accounts",
                column: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_ledger_entries_accounts_AccountId",
                schema: "legacy",
                table: "ledger_entries",
                column: "AccountId",
                principalSchema: "legacy",
                principalTable: "accounts",
                principalColumn: "Id");
        }
    }
}
