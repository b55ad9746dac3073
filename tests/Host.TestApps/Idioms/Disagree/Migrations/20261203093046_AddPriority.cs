using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Disagree.Migrations
{
    /// <inheritdoc />
    public partial class AddPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Emptied by hand: the column was to be added later, by a script that never ran.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
