using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopApp.Data;
using ShopApp.Domain;

namespace ShopApp;

/// <summary>A small, fixed demo data set: enough rows to make every table, the trigger and the view do something.</summary>
public static class DemoData
{
    /// <summary>Adds the demo data unless the catalog already has products. Returns whether anything was added.</summary>
    public static async Task<bool> SeedAsync(ShopContext db, CancellationToken cancellationToken = default)
    {
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return false;
        }

        var kitchen = new Category { Name = "Kitchen", Slug = "kitchen" };
        var coffee = new Category { Name = "Coffee", Slug = "coffee", ParentCategory = kitchen, Description = "Beans, grinders and brewers." };

        var grinder = new Product
        {
            Sku = "GRD-100",
            Name = "Burr grinder",
            Price = 89.90m,
            Tags = ["grinder", "gift-idea"],
            WeightGrams = 1450,
            Specifications = JsonDocument.Parse("""{"burr":"conical","settings":40}"""),
            Categories = [coffee],
        };
        var beans = new Product
        {
            Sku = "BEAN-ETH-250",
            Name = "Ethiopia Yirgacheffe, 250 g",
            Price = 12.50m,
            Tags = ["organic", "single-origin"],
            WeightGrams = 250,
            Categories = [coffee],
        };

        var berlin = new Address { Line1 = "Lagerstraße 1", City = "Berlin", PostalCode = "10115", CountryCode = "DE" };
        var warehouse = new Warehouse { Code = "BER-1", Name = "Berlin", Address = berlin };
        warehouse.StockLevels.Add(new StockLevel { Product = grinder, QuantityOnHand = 12, ReorderThreshold = 5 });
        warehouse.StockLevels.Add(new StockLevel { Product = beans, QuantityOnHand = 3, QuantityReserved = 1, ReorderThreshold = 10 });

        var ada = new Customer
        {
            Email = "ada@example.com",
            FullName = "Ada Lovelace",
            MarketingOptIn = true,
            DefaultShippingAddress = new Address { Line1 = "Marylebone Rd 12", City = "London", PostalCode = "NW1 5LR", CountryCode = "GB" },
        };
        var order = new Order
        {
            Customer = ada,
            ShippingAddress = new Address { Line1 = "Marylebone Rd 12", City = "London", PostalCode = "NW1 5LR", CountryCode = "GB" },
            Subtotal = 114.90m,
            ShippingCost = 4.95m,
            Lines =
            [
                new OrderLine { Product = grinder, Quantity = 1, UnitPrice = grinder.Price },
                new OrderLine { Product = beans, Quantity = 2, UnitPrice = beans.Price },
            ],
        };

        db.AddRange(kitchen, coffee, grinder, beans, warehouse, ada, order);
        await db.SaveChangesAsync(cancellationToken);

        order.Status = OrderStatus.Paid;
        db.Reviews.Add(new Review { Product = grinder, Customer = ada, Rating = 5, Title = "Consistent grind", IsVerifiedPurchase = true });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
