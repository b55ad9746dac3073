using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Disagree.Migrations
{
    /// <inheritdoc />
    public partial class AddTitleSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Written by hand into an empty migration: no designer file has this index.
            migrationBuilder.CreateIndex(
                name: "IX_notes_Title",
                schema: "notes",
                table: "notes",
                column: "Title");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notes_Title",
                schema: "notes",
                table: "notes");
        }
    }
}
