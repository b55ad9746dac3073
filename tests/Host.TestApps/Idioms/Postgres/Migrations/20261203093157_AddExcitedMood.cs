using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddExcitedMood : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:pg.mood", "sad,ok,happy,excited")
                .Annotation("Npgsql:PostgresExtension:citext", ",,")
                .OldAnnotation("Npgsql:Enum:pg.mood", "sad,ok,happy")
                .OldAnnotation("Npgsql:PostgresExtension:citext", ",,");

            // Built without blocking writes to a busy table: the scaffolded CreateIndex, written as SQL.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"IX_tickets_Subject\" ON pg.tickets (\"Subject\");",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tickets_Subject",
                schema: "pg",
                table: "tickets");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:pg.mood", "sad,ok,happy")
                .Annotation("Npgsql:PostgresExtension:citext", ",,")
                .OldAnnotation("Npgsql:Enum:pg.mood", "sad,ok,happy,excited")
                .OldAnnotation("Npgsql:PostgresExtension:citext", ",,");
        }
    }
}
