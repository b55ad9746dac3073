using System.Collections.Generic;
using Idioms.Postgres;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Idioms.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "pg");

            migrationBuilder.EnsureSchema(
                name: "telemetry");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:pg.mood", "sad,ok,happy")
                .Annotation("Npgsql:PostgresExtension:citext", ",,");

            migrationBuilder.CreateSequence(
                name: "ticket_numbers",
                schema: "pg",
                startValue: 1000L,
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "people",
                schema: "pg",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "citext", nullable: false),
                    Nickname = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Mood = table.Column<Mood>(type: "pg.mood", nullable: false),
                    Tags = table.Column<string[]>(type: "text[]", nullable: false),
                    Scores = table.Column<List<int>>(type: "integer[]", nullable: false),
                    Born = table.Column<LocalDate>(type: "date", nullable: false),
                    RegisteredAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_people", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "pg",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "nextval('pg.ticket_numbers')"),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "readings",
                schema: "telemetry",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    TakenAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Duration = table.Column<Duration>(type: "interval", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_readings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_readings_people_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "pg",
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_people_Email",
                schema: "pg",
                table: "people",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_people_Nickname",
                schema: "pg",
                table: "people",
                column: "Nickname",
                unique: true,
                filter: "\"Nickname\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_readings_PersonId",
                schema: "telemetry",
                table: "readings",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "readings",
                schema: "telemetry");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "pg");

            migrationBuilder.DropTable(
                name: "people",
                schema: "pg");

            migrationBuilder.DropSequence(
                name: "ticket_numbers",
                schema: "pg");
        }
    }
}
