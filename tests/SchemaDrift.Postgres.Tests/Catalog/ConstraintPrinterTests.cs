using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// Key definitions the reader prints itself are the server's (pg_get_constraintdef) to the character, and those whose
/// names the read does not hold are left to the server.
/// </summary>
public class ConstraintPrinterTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Schema = """
        CREATE SCHEMA "Shop";
        CREATE SCHEMA audit;
        CREATE TABLE audit.users (id int PRIMARY KEY, tenant int, UNIQUE (tenant, id));
        CREATE TABLE "Shop"."Order" (
            id bigint GENERATED ALWAYS AS IDENTITY,
            "Tenant" int NOT NULL,
            "select" text,
            "odd""name" int,
            note text,
            owner_id int,
            owner_tenant int,
            CONSTRAINT "PK_Order" PRIMARY KEY (id, "Tenant") INCLUDE (note),
            CONSTRAINT uq_select UNIQUE NULLS NOT DISTINCT ("select") DEFERRABLE INITIALLY DEFERRED,
            CONSTRAINT uq_odd UNIQUE ("odd""name", note) DEFERRABLE,
            CONSTRAINT fk_owner FOREIGN KEY (owner_tenant, owner_id) REFERENCES audit.users (tenant, id) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (owner_id),
            CONSTRAINT positive CHECK ("Tenant" > 0));
        CREATE TABLE "Shop".lines (
            order_id bigint, tenant int, "user" int REFERENCES audit.users ON DELETE RESTRICT,
            FOREIGN KEY (order_id, tenant) REFERENCES "Shop"."Order" (id, "Tenant") ON DELETE CASCADE ON UPDATE SET DEFAULT);
        ALTER TABLE "Shop".lines ADD CONSTRAINT lines_tenant_fkey2 FOREIGN KEY ("user") REFERENCES audit.users NOT VALID;
        CREATE TABLE "Shop".events (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE "Shop".events_2024 PARTITION OF "Shop".events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        """;

    [Fact]
    public async Task Printed_definitions_are_the_servers_and_the_rest_comes_from_the_server()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(Schema);
        await using var connection = await db.OpenAsync();

        var snapshot = await CatalogReader.ReadAsync(connection);
        await ServerPrinting.AssertSameAsServerAsync(connection, snapshot);
        Assert.Contains(snapshot.Constraints, c => c.Definition == """FOREIGN KEY (owner_tenant, owner_id) REFERENCES audit.users(tenant, id) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (owner_id)""");
        Assert.Contains(snapshot.Constraints, c => c.Definition == """PRIMARY KEY (id, "Tenant") INCLUDE (note)""");

        // Without the audit schema the read holds no columns of audit.users: the server prints the keys that reference it.
        var filtered = await CatalogReader.ReadAsync(connection, new CatalogFilter(ExcludeSchemas: ["audit"]));
        await ServerPrinting.AssertSameAsServerAsync(connection, filtered);
        Assert.Contains(filtered.Constraints, c => c.Definition == """FOREIGN KEY ("user") REFERENCES audit.users(id) NOT VALID""");
    }
}
