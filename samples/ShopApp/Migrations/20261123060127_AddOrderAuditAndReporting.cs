using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using ShopApp.Domain;

#nullable disable

namespace ShopApp.Migrations
{
    /// <inheritdoc />
    public partial class AddOrderAuditAndReporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OrderStatusChanges",
                schema: "shop",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<long>(type: "bigint", nullable: false),
                    OldStatus = table.Column<OrderStatus>(type: "shop.order_status", nullable: true),
                    NewStatus = table.Column<OrderStatus>(type: "shop.order_status", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    ChangedBy = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false, defaultValueSql: "current_user")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderStatusChanges_Orders_OrderId",
                        column: x => x.OrderId,
                        principalSchema: "shop",
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                },
                comment: "Written by trigger trg_orders_status_change on Orders.");

            migrationBuilder.CreateIndex(
                name: "IX_OrderStatusChanges_OrderId_ChangedAt",
                schema: "shop",
                table: "OrderStatusChanges",
                columns: new[] { "OrderId", "ChangedAt" });

            // Hand-written: the status audit trigger and the reporting view are not expressible in the EF model.
            migrationBuilder.Sql("""
                CREATE FUNCTION shop.log_order_status_change() RETURNS trigger
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD."Status" IS NOT DISTINCT FROM NEW."Status" THEN
                        RETURN NULL;
                    END IF;

                    INSERT INTO shop."OrderStatusChanges" ("OrderId", "OldStatus", "NewStatus")
                    VALUES (NEW."Id", CASE WHEN TG_OP = 'UPDATE' THEN OLD."Status" END, NEW."Status");
                    RETURN NULL;
                END;
                $$;

                COMMENT ON FUNCTION shop.log_order_status_change() IS 'Records every order status transition in shop."OrderStatusChanges".';
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER trg_orders_status_change
                    AFTER INSERT OR UPDATE OF "Status" ON shop."Orders"
                    FOR EACH ROW
                    EXECUTE FUNCTION shop.log_order_status_change();
                """);

            migrationBuilder.Sql("""
                CREATE VIEW shop.customer_order_summaries AS
                SELECT c."Id"       AS customer_id,
                       c."Email"    AS email,
                       c."FullName" AS full_name,
                       count(o."Id") AS order_count,
                       coalesce(sum(o."Total") FILTER (WHERE o."Status" <> 'cancelled'), 0)::numeric(14,2) AS lifetime_value,
                       max(o."PlacedAt") AS last_order_at
                FROM shop."Customers" c
                LEFT JOIN shop."Orders" o ON o."CustomerId" = c."Id"
                WHERE c."DeletedAt" IS NULL
                GROUP BY c."Id", c."Email", c."FullName";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW IF EXISTS shop.customer_order_summaries;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS trg_orders_status_change ON shop.\"Orders\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS shop.log_order_status_change();");

            migrationBuilder.DropTable(
                name: "OrderStatusChanges",
                schema: "shop");
        }
    }
}
