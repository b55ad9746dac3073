using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Idioms.Tests;

/// <summary>
/// One EF idiom of the corpus and one hand-made drift on a database its migrations made: the SQL a person types into
/// production, and the finding verify must report (kind, object, severity, and what the object is in EF terms).
/// </summary>
public sealed record Idiom(string Name, string Context, string Drift, string Kind, string Object, Severity Severity, string? Entity = null)
{
    public override string ToString() => Name;

    /// <summary>The corpus: every idiom with the drift that tests it.</summary>
    public static IReadOnlyList<Idiom> All { get; } =
    [
        // Ordering: an order-management context in the shape of a real one.
        new("required column added later (AddColumn defaultValue \"\")", "OrderingContext",
            """ALTER TABLE ordering.orders DROP COLUMN "OrderStatus";""", "missing-column", "ordering.orders.OrderStatus", Severity.Critical, "Order.OrderStatus"),
        new("column made required later (AlterColumn defaultValue \"\")", "OrderingContext",
            """ALTER TABLE ordering.orders ALTER COLUMN "Description" DROP NOT NULL;""", "column-nullability-differs", "ordering.orders.Description", Severity.Major, "Order.Description"),
        new("optional relationship with EF Core 2's ON DELETE RESTRICT", "OrderingContext",
            """ALTER TABLE ordering.orders DROP CONSTRAINT "FK_orders_buyers_BuyerId";""", "missing-foreign-key", "ordering.orders.FK_orders_buyers_BuyerId", Severity.Critical, "Order.Buyer foreign key (BuyerId → Buyer)"),
        new("HiLo sequence (UseHiLo)", "OrderingContext",
            "ALTER SEQUENCE ordering.orderseq INCREMENT BY 1;", "sequence-differs", "ordering.orderseq", Severity.Critical, "HiLo sequence of Order.Id (increment 10)"),
        new("owned type (OwnsOne)", "OrderingContext",
            """ALTER TABLE ordering.orders DROP COLUMN "Address_City";""", "missing-column", "ordering.orders.Address_City", Severity.Critical, "Order.Address.City"),
        new("owned collection (OwnsMany)", "OrderingContext",
            """ALTER TABLE ordering.buyer_addresses DROP COLUMN "ZipCode";""", "missing-column", "ordering.buyer_addresses.ZipCode", Severity.Critical, "Buyer.ShippingAddresses.ZipCode"),
        new("xmin concurrency token (IsRowVersion)", "OrderingContext",
            """CREATE FUNCTION ordering.keep() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER orders_keep BEFORE UPDATE ON ordering.orders FOR EACH ROW EXECUTE FUNCTION ordering.keep();""",
            "extra-trigger", "ordering.orders.orders_keep", Severity.Major, "on the table of Order"),
        new("seed data (HasData)", "OrderingContext",
            """ALTER TABLE ordering.cardtypes ALTER COLUMN "Name" TYPE character varying(100);""", "column-type-differs", "ordering.cardtypes.Name", Severity.Critical, "CardType.Name"),
        new("unique index made non-unique", "OrderingContext",
            """DROP INDEX ordering."IX_buyers_IdentityGuid"; CREATE INDEX "IX_buyers_IdentityGuid" ON ordering.buyers ("IdentityGuid");""",
            "index-differs", "ordering.IX_buyers_IdentityGuid", Severity.Major, "Buyer unique index (IdentityGuid)"),

        // ASP.NET Core Identity.
        new("ASP.NET Core Identity", "IdentityContext",
            """DROP INDEX public."UserNameIndex";""", "missing-index", "public.UserNameIndex", Severity.Major, "AppUser unique index (NormalizedUserName)"),
        new("Identity: required columns added later", "IdentityContext",
            """ALTER TABLE public."AspNetUsers" ALTER COLUMN "IsActive" DROP NOT NULL;""", "column-nullability-differs", "public.AspNetUsers.IsActive", Severity.Major, "AppUser.IsActive"),

        // Catalog: mapping strategies and converters.
        new("TPH (discriminator)", "CatalogContext",
            """ALTER TABLE catalog.products DROP COLUMN "Isbn";""", "missing-column", "catalog.products.Isbn", Severity.Critical, "Book.Isbn"),
        new("TPT", "CatalogContext",
            """ALTER TABLE sales.card_payments DROP CONSTRAINT "FK_card_payments_payments_Id";""", "missing-foreign-key", "sales.card_payments.FK_card_payments_payments_Id", Severity.Critical),
        new("TPC (shared key sequence)", "CatalogContext",
            """ALTER TABLE sales.invoices ALTER COLUMN "Id" DROP DEFAULT;""", "column-default-differs", "sales.invoices.Id", Severity.Major, "Invoice.Id"),
        new("many-to-many skip navigations", "CatalogContext",
            """DROP TABLE catalog."ProductTags";""", "missing-table", "catalog.ProductTags", Severity.Critical),
        new("enum stored as string (HasConversion<string>)", "CatalogContext",
            """ALTER TABLE catalog.products ALTER COLUMN "Status" TYPE character varying(10);""", "column-type-differs", "catalog.products.Status", Severity.Critical, "Product.Status"),
        new("value converter (value object)", "CatalogContext",
            """ALTER TABLE catalog.products ALTER COLUMN "Size" TYPE text;""", "column-type-differs", "catalog.products.Size", Severity.Major, "Product.Size"),
        new("JSON column (ToJson)", "CatalogContext",
            """ALTER TABLE catalog.products DROP COLUMN "Specs";""", "missing-column", "catalog.products.Specs", Severity.Critical),
        new("shadow property", "CatalogContext",
            """ALTER TABLE catalog.products DROP COLUMN "LastUpdated";""", "missing-column", "catalog.products.LastUpdated", Severity.Critical, "Product.LastUpdated"),
        new("keyless entity over a view (ToView)", "CatalogContext",
            "DROP VIEW catalog.product_summaries;", "missing-view", "catalog.product_summaries", Severity.Major),
        new("collation (HasCollation, UseCollation)", "CatalogContext",
            """ALTER TABLE catalog.products ALTER COLUMN "Name" TYPE character varying(200) COLLATE "C";""", "column-collation-differs", "catalog.products.Name", Severity.Major, "Product.Name"),
        new("stored generated column", "CatalogContext",
            """ALTER TABLE catalog.products ALTER COLUMN "PriceWithTax" DROP EXPRESSION;""", "column-generation-differs", "catalog.products.PriceWithTax", Severity.Major, "Product.PriceWithTax"),
        new("HasDefaultValueSql", "CatalogContext",
            """ALTER TABLE catalog.products ALTER COLUMN "CreatedAt" DROP DEFAULT;""", "column-default-differs", "catalog.products.CreatedAt", Severity.Major, "Product.CreatedAt"),
        new("identity options (UseIdentityAlwaysColumn, HasIdentityOptions)", "CatalogContext",
            """ALTER TABLE sales.suppliers ALTER COLUMN "Id" SET INCREMENT BY 1;""", "column-identity-differs", "sales.suppliers.Id", Severity.Major, "Supplier.Id"),
        new("several schemas", "CatalogContext",
            "ALTER TABLE sales.bank_payments SET SCHEMA catalog;", "missing-table", "sales.bank_payments", Severity.Critical, "BankPayment"),
        new("custom history table (MigrationsHistoryTable)", "CatalogContext",
            """DELETE FROM catalog.__catalog_migrations WHERE "MigrationId" LIKE '%_AddProductSummaryView';""",
            "migration-applied-without-history", "AddProductSummaryView", Severity.Major),

        // PostgreSQL mappings.
        new("PostgreSQL enum (HasPostgresEnum)", "PostgresContext",
            "ALTER TYPE pg.mood RENAME VALUE 'excited' TO 'thrilled';", "enum-values-differ", "pg.mood", Severity.Critical),
        new("citext", "PostgresContext",
            """ALTER TABLE pg.people ALTER COLUMN "Email" TYPE text;""", "column-type-differs", "pg.people.Email", Severity.Major, "Person.Email"),
        new("arrays", "PostgresContext",
            """ALTER TABLE pg.people ALTER COLUMN "Scores" TYPE bigint[];""", "column-type-differs", "pg.people.Scores", Severity.Major, "Person.Scores"),
        new("NodaTime types", "PostgresContext",
            """ALTER TABLE telemetry.readings ALTER COLUMN "Duration" TYPE text;""", "column-type-differs", "telemetry.readings.Duration", Severity.Major, "Reading.Duration"),
        new("index created concurrently (IsCreatedConcurrently)", "PostgresContext",
            """DROP INDEX telemetry."IX_readings_TakenAt";""", "missing-index", "telemetry.IX_readings_TakenAt", Severity.Major, "Reading index (TakenAt)"),
        new("trigger written with migrationBuilder.Sql", "PostgresContext",
            "DROP TRIGGER people_touch ON pg.people;", "missing-trigger", "pg.people.people_touch", Severity.Major),
        new("suppressTransaction (CREATE INDEX CONCURRENTLY by hand)", "PostgresContext",
            """DROP INDEX pg."IX_tickets_Subject";""", "missing-index", "pg.IX_tickets_Subject", Severity.Major, "Ticket index (Subject)"),
        new("sequence with options (HasSequence)", "PostgresContext",
            "ALTER SEQUENCE pg.ticket_numbers INCREMENT BY 1;", "sequence-differs", "pg.ticket_numbers", Severity.Major, "sequence ticket_numbers"),
        new("filtered unique index (HasFilter)", "PostgresContext",
            """DROP INDEX pg."IX_people_Nickname"; CREATE UNIQUE INDEX "IX_people_Nickname" ON pg.people ("Nickname");""",
            "index-differs", "pg.IX_people_Nickname", Severity.Major, "Person unique index (Nickname)"),
        new("optional column made NOT NULL", "PostgresContext",
            """ALTER TABLE pg.people ALTER COLUMN "Nickname" SET NOT NULL;""", "column-nullability-differs", "pg.people.Nickname", Severity.Critical, "Person.Nickname"),

        // A model that grew: fill defaults of every type, renames.
        new("required columns of every type added later", "EvolutionContext",
            """ALTER TABLE legacy.customer_accounts DROP COLUMN "ExternalId";""", "missing-column", "legacy.customer_accounts.ExternalId", Severity.Critical, "Account.ExternalId"),
        new("RenameColumn", "EvolutionContext",
            """ALTER TABLE legacy.customer_accounts RENAME COLUMN "Remarks" TO "Notes";""", "likely-renamed-column", "legacy.customer_accounts.Remarks", Severity.Critical, "Account.Notes"),
        new("RenameTable", "EvolutionContext",
            "ALTER TABLE legacy.customer_accounts RENAME TO accounts;", "missing-table", "legacy.customer_accounts", Severity.Critical, "Account"),
    ];
}
