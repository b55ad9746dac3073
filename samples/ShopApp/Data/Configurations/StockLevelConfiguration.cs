using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.ToTable("StockLevels", t =>
        {
            t.HasComment("Units on hand per warehouse and product.");
            t.HasCheckConstraint("CK_StockLevels_OnHand_NonNegative", "\"QuantityOnHand\" >= 0");
            t.HasCheckConstraint("CK_StockLevels_Reserved_WithinOnHand",
                "\"QuantityReserved\" >= 0 AND \"QuantityReserved\" <= \"QuantityOnHand\"");
        });

        builder.HasKey(s => new { s.WarehouseId, s.ProductId });

        builder.Property(s => s.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");

        builder.HasOne(s => s.Warehouse)
            .WithMany(w => w.StockLevels)
            .HasForeignKey(s => s.WarehouseId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasOne(s => s.Product)
            .WithMany(p => p.StockLevels)
            .HasForeignKey(s => s.ProductId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
