using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

/// <summary>Maps the reporting view; migrations do not create it (see the AddOrderAuditAndReporting migration).</summary>
internal sealed class CustomerOrderSummaryConfiguration : IEntityTypeConfiguration<CustomerOrderSummary>
{
    public void Configure(EntityTypeBuilder<CustomerOrderSummary> builder)
    {
        builder.HasNoKey();
        builder.ToView(ShopContext.CustomerOrderSummaryView, ShopDatabase.Schema);

        builder.Property(s => s.CustomerId).HasColumnName("customer_id");
        builder.Property(s => s.Email).HasColumnName("email");
        builder.Property(s => s.FullName).HasColumnName("full_name");
        builder.Property(s => s.OrderCount).HasColumnName("order_count");
        builder.Property(s => s.LifetimeValue).HasColumnName("lifetime_value").HasPrecision(14, 2);
        builder.Property(s => s.LastOrderAt).HasColumnName("last_order_at");
    }
}
