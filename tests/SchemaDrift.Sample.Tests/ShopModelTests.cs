using Microsoft.EntityFrameworkCore;
using ShopApp.Data;

namespace SchemaDrift.Sample.Tests;

/// <summary>Checks on ShopApp's model and design-time factory that need no database.</summary>
public sealed class ShopModelTests
{
    [Fact]
    public void Model_has_no_changes_missing_from_the_migrations()
    {
        using var context = new ShopContextFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(),
            "ShopContext has changes not captured by a migration; run `dotnet ef migrations add` for samples/ShopApp.");
    }

    [Fact]
    public void Design_time_factory_without_SHOP_DB_works_offline_and_names_the_variable_on_connect()
    {
        var saved = Environment.GetEnvironmentVariable(ShopDatabase.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(ShopDatabase.ConnectionStringVariable, null);
        try
        {
            using var context = new ShopContextFactory().CreateDbContext([]);

            Assert.NotEmpty(context.Database.GetMigrations());
            var error = Assert.Throws<InvalidOperationException>(() => context.Database.OpenConnection());
            Assert.Contains(ShopDatabase.ConnectionStringVariable, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ShopDatabase.ConnectionStringVariable, saved);
        }
    }
}
