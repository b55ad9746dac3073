using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("Shipments", t => t.HasCheckConstraint(
            "CK_Shipments_DeliveredAfterShipped",
            "\"DeliveredAt\" IS NULL OR (\"ShippedAt\" IS NOT NULL AND \"DeliveredAt\" >= \"ShippedAt\")"));

        builder.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(s => s.Carrier).HasMaxLength(50);
        builder.Property(s => s.TrackingNumber).HasMaxLength(64);
        builder.Property(s => s.TrackingEvents)
            .HasColumnType("jsonb")
            .HasDefaultValueSql("'[]'::jsonb")
            .HasComment("Carrier webhook payloads, oldest first.");

        builder.HasOne(s => s.Order)
            .WithMany(o => o.Shipments)
            .HasForeignKey(s => s.OrderId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(s => new { s.Carrier, s.TrackingNumber })
            .IsUnique()
            .HasFilter("\"TrackingNumber\" IS NOT NULL");
    }
}
