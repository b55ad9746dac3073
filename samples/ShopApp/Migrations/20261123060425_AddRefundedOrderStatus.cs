using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <inheritdoc />
    public partial class AddRefundedOrderStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:shop.order_status", "pending_payment,paid,shipped,delivered,cancelled,refunded")
                .OldAnnotation("Npgsql:Enum:shop.order_status", "pending_payment,paid,shipped,delivered,cancelled");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:shop.order_status", "pending_payment,paid,shipped,delivered,cancelled")
                .OldAnnotation("Npgsql:Enum:shop.order_status", "pending_payment,paid,shipped,delivered,cancelled,refunded");
        }
    }
}
