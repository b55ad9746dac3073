using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopApp.Domain;

namespace ShopApp.Data.Configurations;

/// <summary>Column facets shared by every owned <see cref="Address"/>.</summary>
internal static class AddressMapping
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, Address> address)
        where TOwner : class
    {
        address.Property(a => a.Line1).HasMaxLength(200);
        address.Property(a => a.Line2).HasMaxLength(200);
        address.Property(a => a.City).HasMaxLength(100);
        address.Property(a => a.PostalCode).HasMaxLength(20);
        address.Property(a => a.CountryCode).HasMaxLength(2).IsFixedLength();
    }
}
