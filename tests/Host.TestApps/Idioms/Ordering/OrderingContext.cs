using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Ordering;

public sealed class OrderingContext(DbContextOptions<OrderingContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Buyer> Buyers => Set<Buyer>();

    public DbSet<CardType> CardTypes => Set<CardType>();

    public DbSet<ClientRequest> Requests => Set<ClientRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("ordering");

        modelBuilder.Entity<ClientRequest>(request =>
        {
            request.ToTable("requests");
            request.Property(r => r.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<Buyer>(buyer =>
        {
            buyer.ToTable("buyers");
            buyer.Property(b => b.Id).UseHiLo("buyerseq");
            buyer.Property(b => b.IdentityGuid).HasMaxLength(200);
            buyer.HasIndex(b => b.IdentityGuid).IsUnique();
            buyer.HasMany(b => b.PaymentMethods).WithOne().HasForeignKey(p => p.BuyerId);
            buyer.OwnsMany(b => b.ShippingAddresses, address =>
            {
                address.ToTable("buyer_addresses");
                address.Property(a => a.Street).HasMaxLength(200);
            });
        });

        modelBuilder.Entity<CardType>(card =>
        {
            card.ToTable("cardtypes");
            card.Property(c => c.Id).ValueGeneratedNever();
            card.Property(c => c.Name).HasMaxLength(200);
            card.HasData(
                new CardType { Id = 1, Name = "Amex" },
                new CardType { Id = 2, Name = "Visa" },
                new CardType { Id = 3, Name = "MasterCard" });
        });

        modelBuilder.Entity<PaymentMethod>(payment =>
        {
            payment.ToTable("paymentmethods");
            payment.Property(p => p.Id).UseHiLo("paymentseq");
            payment.Property(p => p.Alias).HasMaxLength(200);
            payment.Property(p => p.CardNumber).HasMaxLength(25);
            payment.Property(p => p.CardHolderName).HasMaxLength(200);
            payment.HasOne(p => p.CardType).WithMany().HasForeignKey(p => p.CardTypeId);
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.Property(o => o.Id).UseHiLo("orderseq");
            order.HasIndex(o => o.OrderDate);
            order.OwnsOne(o => o.Address);
            order.HasOne(o => o.Buyer).WithMany().HasForeignKey(o => o.BuyerId);
            order.HasOne(o => o.PaymentMethod).WithMany().HasForeignKey(o => o.PaymentMethodId).OnDelete(DeleteBehavior.Restrict);
            order.Property(o => o.Version).IsRowVersion();
            order.Property(o => o.OrderStatus).HasConversion<string>().HasMaxLength(30);
            order.HasMany(o => o.OrderItems).WithOne().HasForeignKey(i => i.OrderId);
        });

        modelBuilder.Entity<OrderItem>(item =>
        {
            item.ToTable("orderItems");
            item.Property(i => i.Id).UseHiLo("orderitemseq");
            item.Property(i => i.ProductName).HasMaxLength(200);
        });
    }
}

public sealed class OrderingContextFactory : IDesignTimeDbContextFactory<OrderingContext>
{
    public OrderingContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrderingContext>()
        .UseNpgsql(IdiomsDb.ConnectionString)
        .Options);
}
