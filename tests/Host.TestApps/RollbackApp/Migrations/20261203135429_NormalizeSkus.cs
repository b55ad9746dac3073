using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RollbackApp.Migrations
{
    /// <inheritdoc />
    public partial class NormalizeSkus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE stock.items SET \"Sku\" = upper(\"Sku\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // An irreversible migration: the case the SKUs had before is lost.
            throw new NotSupportedException("NormalizeSkus cannot be reverted: the original case of the SKUs is lost.");
        }
    }
}
