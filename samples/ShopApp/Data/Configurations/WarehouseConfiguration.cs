using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> builder)
    {
        builder.ToTable("Warehouses");

        builder.Property(w => w.Id).UseIdentityAlwaysColumn();
        builder.Property(w => w.Code).HasMaxLength(16);
        builder.Property(w => w.Name).HasMaxLength(100);
        builder.Property(w => w.IsActive).HasDefaultValue(true);

        builder.OwnsOne(w => w.Address, AddressMapping.Configure);
        builder.Navigation(w => w.Address).IsRequired();

        builder.HasIndex(w => w.Code).IsUnique();
    }
}
