using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class OrderStatusChangeConfiguration : IEntityTypeConfiguration<OrderStatusChange>
{
    public void Configure(EntityTypeBuilder<OrderStatusChange> builder)
    {
        builder.ToTable("OrderStatusChanges", t => t.HasComment("Written by trigger trg_orders_status_change on Orders."));

        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.ChangedAt).HasDefaultValueSql("now()");
        builder.Property(c => c.ChangedBy).HasMaxLength(63).HasDefaultValueSql("current_user");

        builder.HasOne(c => c.Order)
            .WithMany(o => o.StatusHistory)
            .HasForeignKey(c => c.OrderId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(c => new { c.OrderId, c.ChangedAt });
    }
}
