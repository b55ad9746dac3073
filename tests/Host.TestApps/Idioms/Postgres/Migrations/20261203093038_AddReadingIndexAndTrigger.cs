using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Idioms.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddReadingIndexAndTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "UpdatedAt",
                schema: "pg",
                table: "people",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_readings_TakenAt",
                schema: "telemetry",
                table: "readings",
                column: "TakenAt")
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.Sql("""
                CREATE FUNCTION pg.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."UpdatedAt" := now();
                    RETURN NEW;
                END $$;

                CREATE TRIGGER people_touch BEFORE UPDATE ON pg.people
                    FOR EACH ROW EXECUTE FUNCTION pg.touch_updated_at();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER people_touch ON pg.people; DROP FUNCTION pg.touch_updated_at();");

            migrationBuilder.DropIndex(
                name: "IX_readings_TakenAt",
                schema: "telemetry",
                table: "readings");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                schema: "pg",
                table: "people");
        }
    }
}
