using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Idioms.Evolution.Migrations
{
    /// <inheritdoc />
    public partial class AddRequiredColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Balance",
                schema: "legacy",
                table: "accounts",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<Guid>(
                name: "ExternalId",
                schema: "legacy",
                table: "accounts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<TimeSpan>(
                name: "Grace",
                schema: "legacy",
                table: "accounts",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<bool>(
                name: "IsActive",
                schema: "legacy",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Level",
                schema: "legacy",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "OpenedAt",
                schema: "legacy",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateOnly>(
                name: "OpenedOn",
                schema: "legacy",
                table: "accounts",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<long>(
                name: "Points",
                schema: "legacy",
                table: "accounts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                schema: "legacy",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                schema: "legacy",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<double>(
                name: "Score",
                schema: "legacy",
                table: "accounts",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<byte[]>(
                name: "Signature",
                schema: "legacy",
                table: "accounts",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Balance",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Grace",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "IsActive",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Level",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "OpenedOn",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Points",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Priority",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Score",
                schema: "legacy",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Signature",
                schema: "legacy",
                table: "accounts");
        }
    }
}
