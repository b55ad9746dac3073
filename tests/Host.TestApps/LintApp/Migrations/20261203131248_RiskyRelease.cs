using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LintApp.Migrations
{
    /// <inheritdoc />
    public partial class RiskyRelease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Newsletter",
                schema: "lint");

            migrationBuilder.DropIndex(
                name: "IX_Shipments_Carrier",
                schema: "lint",
                table: "Shipments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Coupon",
                schema: "lint",
                table: "Coupon");

            migrationBuilder.DropColumn(
                name: "Note",
                schema: "lint",
                table: "Orders");

            migrationBuilder.RenameTable(
                name: "Coupon",
                schema: "lint",
                newName: "Vouchers",
                newSchema: "lint");

            migrationBuilder.RenameColumn(
                name: "Nickname",
                schema: "lint",
                table: "Customers",
                newName: "DisplayName");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:lint.order_state", "placed,paid,shipped,refunded,cancelled")
                .OldAnnotation("Npgsql:Enum:lint.order_state", "placed,paid,shipped,refunded");

            // By hand: a data fix with the new label.
            migrationBuilder.Sql(@"UPDATE lint.""Orders"" SET ""State"" = 'cancelled' WHERE ""Id"" = 7;");

            migrationBuilder.AlterTable(
                name: "CacheEntry",
                schema: "lint")
                .OldAnnotation("Npgsql:UnloggedTable", true);

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                schema: "lint",
                table: "Shipments",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            // By hand: the default EF wrote for existing rows was removed.
            migrationBuilder.AddColumn<int>(
                name: "Weight",
                schema: "lint",
                table: "Products",
                type: "integer",
                nullable: false);

            migrationBuilder.AlterColumn<long>(
                name: "Quantity",
                schema: "lint",
                table: "Orders",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                schema: "lint",
                table: "Orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                schema: "lint",
                table: "Customers",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ExternalId",
                schema: "lint",
                table: "Customers",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            migrationBuilder.AddColumn<decimal>(
                name: "TotalWithTax",
                schema: "lint",
                table: "Orders",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                computedColumnSql: "\"Total\" * 1.19",
                stored: true);

            migrationBuilder.AddUniqueConstraint(
                name: "AK_Customers_Email",
                schema: "lint",
                table: "Customers",
                column: "Email");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Vouchers",
                schema: "lint",
                table: "Vouchers",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Price",
                schema: "lint",
                table: "Products",
                column: "Price")
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.AddCheckConstraint(
                name: "CK_Products_Price",
                schema: "lint",
                table: "Products",
                sql: "\"Price\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name",
                schema: "lint",
                table: "Customers",
                column: "Name");

            migrationBuilder.AddForeignKey(
                name: "FK_Orders_Products_ProductId",
                schema: "lint",
                table: "Orders",
                column: "ProductId",
                principalSchema: "lint",
                principalTable: "Products",
                principalColumn: "Id");

            // By hand: data fixes, maintenance and constraints written as SQL.
            migrationBuilder.Sql(@"UPDATE lint.""Customers"" SET ""DisplayName"" = ""Email"" WHERE ""DisplayName"" IS NULL;");
            migrationBuilder.Sql(@"ALTER TABLE lint.""Orders"" ADD CONSTRAINT ck_orders_total CHECK (""Total"" >= 0) NOT VALID;");
            migrationBuilder.Sql(@"ALTER TABLE lint.""Orders"" VALIDATE CONSTRAINT ck_orders_total;");
            migrationBuilder.Sql(@"CREATE INDEX CONCURRENTLY ix_orders_total ON lint.""Orders"" (""Total"");");
            // schemadrift-lint: ignore reindex-not-concurrently
            migrationBuilder.Sql(@"REINDEX TABLE lint.""Orders"";");
            migrationBuilder.Sql("REFRESH MATERIALIZED VIEW lint.order_totals;");

            // schemadrift-lint: ignore vacuum-full-or-cluster the release runs in a maintenance window with the shop closed
            migrationBuilder.Sql(@"CLUSTER lint.""Orders"" USING ""IX_Orders_PlacedAt"";");
            migrationBuilder.Sql(@"VACUUM FULL lint.""Orders"";", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Orders_Products_ProductId",
                schema: "lint",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Products_Price",
                schema: "lint",
                table: "Products");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Products_Price",
                schema: "lint",
                table: "Products");

            migrationBuilder.DropUniqueConstraint(
                name: "AK_Customers_Email",
                schema: "lint",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Name",
                schema: "lint",
                table: "Customers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Vouchers",
                schema: "lint",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "TotalWithTax",
                schema: "lint",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Weight",
                schema: "lint",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "Sequence",
                schema: "lint",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                schema: "lint",
                table: "Customers");

            migrationBuilder.RenameTable(
                name: "Vouchers",
                schema: "lint",
                newName: "Coupon",
                newSchema: "lint");

            migrationBuilder.RenameColumn(
                name: "DisplayName",
                schema: "lint",
                table: "Customers",
                newName: "Nickname");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:lint.order_state", "placed,paid,shipped,refunded")
                .OldAnnotation("Npgsql:Enum:lint.order_state", "placed,paid,shipped,refunded,cancelled");

            migrationBuilder.AlterTable(
                name: "CacheEntry",
                schema: "lint")
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.AlterColumn<int>(
                name: "Id",
                schema: "lint",
                table: "Shipments",
                type: "integer",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<int>(
                name: "Quantity",
                schema: "lint",
                table: "Orders",
                type: "integer",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<string>(
                name: "Note",
                schema: "lint",
                table: "Orders",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                schema: "lint",
                table: "Customers",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Coupon",
                schema: "lint",
                table: "Coupon",
                column: "Code");

            migrationBuilder.CreateTable(
                name: "Newsletter",
                schema: "lint",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Newsletter", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Carrier",
                schema: "lint",
                table: "Shipments",
                column: "Carrier");
        }
    }
}
