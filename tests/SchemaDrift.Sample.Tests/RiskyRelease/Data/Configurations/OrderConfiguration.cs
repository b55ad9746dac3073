using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("Orders", t =>
        {
            t.HasCheckConstraint("CK_Orders_Amounts_NonNegative",
                "\"Subtotal\" >= 0 AND \"ShippingCost\" >= 0 AND \"Discount\" >= 0");
            t.HasCheckConstraint("CK_Orders_Discount_NotAboveSubtotal", "\"Discount\" <= \"Subtotal\"");
            t.HasCheckConstraint("CK_Orders_Currency_Upper", "\"Currency\" = upper(\"Currency\")");
            t.HasTrigger(ShopContext.OrderStatusTrigger);
        });

        builder.Property(o => o.Id).UseIdentityByDefaultColumn();
        builder.Property(o => o.OrderNumber)
            .HasDefaultValueSql($"nextval('{ShopDatabase.Schema}.{ShopContext.OrderNumberSequence}')");
        builder.Property(o => o.Status).HasDefaultValue(OrderStatus.PendingPayment);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Subtotal).HasPrecision(12, 2);
        builder.Property(o => o.ShippingCost).HasPrecision(12, 2);
        builder.Property(o => o.Discount).HasPrecision(12, 2);
        builder.Property(o => o.Total)
            .HasPrecision(12, 2)
            .HasComputedColumnSql("\"Subtotal\" + \"ShippingCost\" - \"Discount\"", stored: true);
        builder.Property(o => o.PlacedAt).HasDefaultValueSql("now()");
        builder.Property(o => o.CustomerNote).HasMaxLength(1000);
        builder.Property(o => o.Version).IsRowVersion();

        builder.OwnsOne(o => o.ShippingAddress, AddressMapping.Configure);
        builder.Navigation(o => o.ShippingAddress).IsRequired();

        builder.HasIndex(o => o.OrderNumber).IsUnique();

        // "My orders" page: a customer's orders, newest first.
        builder.HasIndex(o => new { o.CustomerId, o.PlacedAt })
            .IsDescending(false, true)
            .HasDatabaseName("IX_Orders_CustomerId_PlacedAt");

        // Finance reports read orders by the day they were placed.
        builder.HasIndex(o => o.PlacedAt);

        // Back-office dashboards filter by status and only need these columns (index-only scans).
        builder.HasIndex(o => o.Status)
            .IncludeProperties(o => new { o.Total, o.PlacedAt });

        // Customers with orders are soft-deleted, never removed.
        builder.HasOne(o => o.Customer)
            .WithMany(c => c.Orders)
            .HasForeignKey(o => o.CustomerId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
