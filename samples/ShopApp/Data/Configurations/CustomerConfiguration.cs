using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_LoyaltyPoints_NonNegative", "\"LoyaltyPoints\" >= 0"));

        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.Email).HasMaxLength(256);
        builder.Property(c => c.FullName).HasMaxLength(200);
        builder.Property(c => c.PhoneNumber).HasMaxLength(32);
        builder.Property(c => c.LoyaltyPoints).HasDefaultValue(0);
        builder.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        builder.Property(c => c.Version).IsRowVersion();

        builder.OwnsOne(c => c.DefaultShippingAddress, AddressMapping.Configure);

        // An e-mail address may be reused once the account holding it has been closed.
        builder.HasIndex(c => c.Email)
            .IsUnique()
            .HasFilter("\"DeletedAt\" IS NULL")
            .HasDatabaseName("IX_Customers_Email_Active");
    }
}
