using Microsoft.EntityFrameworkCore.Design;

namespace ShopApp.Data;

/// <summary>
/// Used by <c>dotnet ef</c> (and by tools that load the context the same way) to create a
/// <see cref="ShopContext"/> at design time.
/// </summary>
/// <remarks>
/// The connection string comes from the <c>SHOP_DB</c> environment variable. Several design-time
/// commands never open a connection (<c>migrations add</c>, <c>migrations remove --force</c>,
/// <c>migrations script</c>, <c>migrations has-pending-model-changes</c>),
/// so when <c>SHOP_DB</c> is unset the factory falls back to a placeholder connection string that
/// points nowhere. Any attempt to actually open that connection (<c>database update</c>,
/// <c>migrations list</c>'s applied-status check, ...) fails with an exception naming <c>SHOP_DB</c>.
/// </remarks>
public sealed class ShopContextFactory : IDesignTimeDbContextFactory<ShopContext>
{
    /// <summary>Never opened: <see cref="UnconfiguredConnectionGuard"/> stops every attempt.</summary>
    internal const string PlaceholderConnectionString =
        "Host=shop-db-not-configured.invalid;Database=shop;Username=shop";

    public ShopContext CreateDbContext(string[] args)
    {
        var connectionString = ShopDatabase.TryGetConnectionString();
        var builder = ShopDatabase.Configure(new(), connectionString ?? PlaceholderConnectionString);
        if (connectionString is null)
        {
            builder.AddInterceptors(new UnconfiguredConnectionGuard());
        }

        return new ShopContext(builder.Options);
    }
}
