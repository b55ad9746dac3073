using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Catalog;

public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<ProductSummary> ProductSummaries => Set<ProductSummary>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("catalog");
        modelBuilder.HasCollation("public", "case_insensitive", locale: "und-u-ks-level2", provider: "icu", deterministic: false);

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasDiscriminator<string>("Kind").HasValue<Book>("book").HasValue<Gadget>("gadget");
            product.Property<string>("Kind").HasMaxLength(16);
            product.Property(p => p.Name).HasMaxLength(200).UseCollation("case_insensitive");
            product.Property(p => p.Sku).HasMaxLength(32);
            product.HasIndex(p => p.Sku).IsUnique();
            product.Property(p => p.Price).HasPrecision(12, 2);
            product.Property(p => p.PriceWithTax).HasPrecision(12, 2).HasComputedColumnSql("\"Price\" * 1.2", stored: true);
            product.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            product.Property(p => p.Size).HasConversion(d => d!.ToString(), s => Dimensions.Parse(s)).HasMaxLength(64);
            product.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            product.Property<DateTime?>("LastUpdated");
            product.OwnsOne(p => p.Specs, specs =>
            {
                specs.ToJson();
                specs.OwnsMany(s => s.Entries);
            });
            product.HasMany(p => p.Tags).WithMany(t => t.Products).UsingEntity("ProductTags");
        });

        modelBuilder.Entity<Tag>(tag =>
        {
            tag.ToTable("tags");
            tag.Property(t => t.Label).HasMaxLength(50);
            tag.HasData(new Tag { Id = 1, Label = "new" }, new Tag { Id = 2, Label = "sale" });
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments", "sales");
            payment.UseTptMappingStrategy();
            payment.Property(p => p.Amount).HasPrecision(12, 2);
        });
        modelBuilder.Entity<CardPayment>().ToTable("card_payments", "sales");
        modelBuilder.Entity<BankPayment>().ToTable("bank_payments", "sales");

        modelBuilder.Entity<Document>(document =>
        {
            document.UseTpcMappingStrategy();
            document.Property(d => d.Number).HasMaxLength(30);
        });
        modelBuilder.Entity<Invoice>().ToTable("invoices", "sales");
        modelBuilder.Entity<CreditNote>().ToTable("credit_notes", "sales");

        modelBuilder.Entity<ProductSummary>(summary =>
        {
            summary.HasNoKey();
            summary.ToView("product_summaries", "catalog");
        });

        modelBuilder.Entity<Supplier>(supplier =>
        {
            supplier.ToTable("suppliers", "sales");
            supplier.Property(s => s.Id).UseIdentityAlwaysColumn().HasIdentityOptions(startValue: 1000, incrementBy: 5);
            supplier.Property(s => s.Name).HasMaxLength(200);
        });
    }
}

public sealed class CatalogContextFactory : IDesignTimeDbContextFactory<CatalogContext>
{
    public CatalogContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CatalogContext>()
        .UseNpgsql(IdiomsDb.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__catalog_migrations", "catalog"))
        .Options);
}
