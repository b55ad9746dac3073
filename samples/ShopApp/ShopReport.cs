using Microsoft.EntityFrameworkCore;
using ShopApp.Data;

namespace ShopApp;

/// <summary>The few numbers the shop owner looks at every morning.</summary>
public static class ShopReport
{
    public static async Task PrintAsync(ShopContext db, TextWriter output, CancellationToken cancellationToken = default)
    {
        var products = await db.Products.CountAsync(cancellationToken);
        var activeProducts = await db.Products.CountAsync(p => p.IsActive, cancellationToken);
        var categories = await db.Categories.CountAsync(cancellationToken);
        output.WriteLine($"Catalog: {products} products ({activeProducts} active) in {categories} categories");

        var byStatus = await db.Orders
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Total = g.Sum(o => o.Total) })
            .OrderBy(x => x.Status)
            .ToListAsync(cancellationToken);
        output.WriteLine($"Orders: {byStatus.Sum(x => x.Count)}");
        foreach (var row in byStatus)
        {
            output.WriteLine($"  {row.Status,-16} {row.Count,6} {row.Total,12:N2}");
        }

        var topCustomers = await db.CustomerOrderSummaries
            .Where(s => s.OrderCount > 0)
            .OrderByDescending(s => s.LifetimeValue)
            .Take(3)
            .ToListAsync(cancellationToken);
        if (topCustomers.Count > 0)
        {
            output.WriteLine("Top customers:");
            foreach (var c in topCustomers)
            {
                output.WriteLine($"  {c.FullName} <{c.Email}>: {c.OrderCount} orders, {c.LifetimeValue:N2} lifetime");
            }
        }

        var lowStock = await db.StockLevels
            .Where(s => s.ReorderThreshold != null && s.QuantityOnHand - s.QuantityReserved < s.ReorderThreshold)
            .CountAsync(cancellationToken);
        output.WriteLine($"Stock levels below reorder threshold: {lowStock}");
    }
}
