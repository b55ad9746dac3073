using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LintApp.Migrations
{
    /// <inheritdoc />
    public partial class SafeStepTwo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // By hand: no statement below may wait long for a lock (and queue every query behind it).
            migrationBuilder.Sql("SET lock_timeout = '5s';");

            // By hand: the constraints the previous migration added NOT VALID are validated now, scanning under a lock
            // that lets reads and writes go on.
            migrationBuilder.Sql(@"ALTER TABLE lint.""Orders"" VALIDATE CONSTRAINT ""CK_Orders_Quantity"";");
            migrationBuilder.Sql(@"ALTER TABLE lint.""Shipments"" VALIDATE CONSTRAINT ""FK_Shipments_Warehouse_WarehouseId"";");
            migrationBuilder.Sql(@"ALTER TABLE lint.""Customers"" VALIDATE CONSTRAINT ck_customers_email_not_null;");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Drafts",
                schema: "lint",
                table: "Drafts");

            migrationBuilder.RenameTable(
                name: "Drafts",
                schema: "lint",
                newName: "DraftNotes",
                newSchema: "lint");

            migrationBuilder.RenameColumn(
                name: "Title",
                schema: "lint",
                table: "DraftNotes",
                newName: "Heading");

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                schema: "lint",
                table: "Customers",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(320)",
                oldMaxLength: 320,
                oldNullable: true);

            // By hand: the validated check made SET NOT NULL above skip its scan; it has done its job.
            migrationBuilder.Sql(@"ALTER TABLE lint.""Customers"" DROP CONSTRAINT ck_customers_email_not_null;");

            // By hand, instead of AddUniqueConstraint: the unique index built concurrently before becomes the key.
            migrationBuilder.Sql(@"ALTER TABLE lint.""Products"" ADD CONSTRAINT ""AK_Products_Sku"" UNIQUE USING INDEX ""AK_Products_Sku"";");

            migrationBuilder.AddPrimaryKey(
                name: "PK_DraftNotes",
                schema: "lint",
                table: "DraftNotes",
                column: "Id");

            // By hand: the column and the table the previous release stopped mapping are dropped now.
            migrationBuilder.DropColumn(
                name: "Legacy",
                schema: "lint",
                table: "Customers");

            migrationBuilder.DropTable(
                name: "AuditEntry",
                schema: "lint");

            // By hand: a data fix that uses the enum label the previous migration added (committed by then).
            migrationBuilder.Sql(@"UPDATE lint.""Orders"" SET ""State"" = 'refunded' WHERE ""Id"" = 42;");

            // By hand: a backfill in batches of 1000 rows, each committed on its own (outside a transaction).
            migrationBuilder.Sql(@"
DO $$
DECLARE
    updated integer;
BEGIN
    LOOP
        UPDATE lint.""Customers"" SET ""Nickname"" = ""Name""
        WHERE ""Id"" IN (SELECT ""Id"" FROM lint.""Customers"" WHERE ""Nickname"" IS NULL AND ""Name"" IS NOT NULL LIMIT 1000);
        GET DIAGNOSTICS updated = ROW_COUNT;
        EXIT WHEN updated = 0;
        COMMIT;
    END LOOP;
END $$;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntry",
                schema: "lint",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Message = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntry", x => x.Id);
                });

            migrationBuilder.AddColumn<string>(
                name: "Legacy",
                schema: "lint",
                table: "Customers",
                type: "text",
                nullable: true);

            migrationBuilder.DropUniqueConstraint(
                name: "AK_Products_Sku",
                schema: "lint",
                table: "Products");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DraftNotes",
                schema: "lint",
                table: "DraftNotes");

            migrationBuilder.RenameTable(
                name: "DraftNotes",
                schema: "lint",
                newName: "Drafts",
                newSchema: "lint");

            migrationBuilder.RenameColumn(
                name: "Heading",
                schema: "lint",
                table: "Drafts",
                newName: "Title");

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                schema: "lint",
                table: "Customers",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(320)",
                oldMaxLength: 320);

            migrationBuilder.AddPrimaryKey(
                name: "PK_Drafts",
                schema: "lint",
                table: "Drafts",
                column: "Id");
        }
    }
}
