using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Disagree.Migrations
{
    /// <inheritdoc />
    public partial class DropLegacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Emptied by hand: the column keeps data that a report still reads.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
