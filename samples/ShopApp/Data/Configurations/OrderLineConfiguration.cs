using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("OrderLines", t =>
        {
            t.HasCheckConstraint("CK_OrderLines_Quantity_Positive", "\"Quantity\" > 0");
            t.HasCheckConstraint("CK_OrderLines_UnitPrice_NonNegative", "\"UnitPrice\" >= 0");
        });

        builder.Property(l => l.Id).UseIdentityByDefaultColumn();
        builder.Property(l => l.UnitPrice).HasPrecision(12, 2);
        builder.Property(l => l.LineTotal)
            .HasPrecision(14, 2)
            .HasComputedColumnSql("\"Quantity\" * \"UnitPrice\"", stored: true);

        builder.HasOne(l => l.Order)
            .WithMany(o => o.Lines)
            .HasForeignKey(l => l.OrderId)
            .OnDelete(DeleteBehavior.Cascade);

        // Products that were ever ordered cannot be deleted (deactivate them instead).
        builder.HasOne(l => l.Product)
            .WithMany()
            .HasForeignKey(l => l.ProductId)
            .OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(l => new { l.OrderId, l.ProductId }).IsUnique();
    }
}
