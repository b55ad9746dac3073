using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("Reviews", t => t.HasCheckConstraint("CK_Reviews_Rating_Range", "\"Rating\" BETWEEN 1 AND 5"));

        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");

        builder.HasOne(r => r.Product)
            .WithMany(p => p.Reviews)
            .HasForeignKey(r => r.ProductId)
            .OnDelete(DeleteBehavior.Cascade);

        // Erasing a customer keeps their reviews, anonymised.
        builder.HasOne(r => r.Customer)
            .WithMany()
            .HasForeignKey(r => r.CustomerId)
            .OnDelete(DeleteBehavior.SetNull);

        // Product page: newest reviews first.
        builder.HasIndex(r => new { r.ProductId, r.CreatedAt })
            .IsDescending(false, true);

        // One review per customer and product (anonymised reviews excepted).
        builder.HasIndex(r => new { r.CustomerId, r.ProductId })
            .IsUnique()
            .HasFilter("\"CustomerId\" IS NOT NULL");
    }
}
