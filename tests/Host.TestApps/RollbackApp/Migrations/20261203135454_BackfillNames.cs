using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RollbackApp.Migrations
{
    /// <inheritdoc />
    public partial class BackfillNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE stock.items SET \"Name\" = \"Sku\" WHERE \"Name\" = '';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
