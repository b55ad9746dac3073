using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApplyApp.Migrations
{
    /// <inheritdoc />
    public partial class AddRegion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Region",
                schema: "ledger",
                table: "accounts",
                type: "text",
                nullable: true);

            // A slow backfill stand-in: sleeps for the session's applyapp.sleep seconds (0 unless a test sets it with
            // Options=-c applyapp.sleep=N), so tests can kill or time out a run while this migration holds its locks.
            migrationBuilder.Sql("SELECT pg_sleep(coalesce(nullif(current_setting('applyapp.sleep', true), ''), '0')::double precision);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Region",
                schema: "ledger",
                table: "accounts");
        }
    }
}
