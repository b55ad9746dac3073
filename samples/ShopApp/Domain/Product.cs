using System.Text.Json;

namespace ShopApp.Domain;

/// <summary>Something the shop sells.</summary>
public class Product
{
    public long Id { get; set; }
    /// <summary>Stock keeping unit, unique across the catalog.</summary>
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public decimal Price { get; set; }
    /// <summary>Free-form search tags ("organic", "gift-idea").</summary>
    public string[] Tags { get; set; } = [];
    /// <summary>Technical specifications as delivered by suppliers; shape varies per category.</summary>
    public JsonDocument? Specifications { get; set; }
    /// <summary>Shipping weight in grams, used for shipping cost estimates.</summary>
    public int? WeightGrams { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    /// <summary>Concurrency token, mapped to PostgreSQL's <c>xmin</c> system column.</summary>
    public uint Version { get; set; }
    public List<Category> Categories { get; set; } = [];
    public List<StockLevel> StockLevels { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];
}
