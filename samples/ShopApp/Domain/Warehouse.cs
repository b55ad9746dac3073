namespace ShopApp.Domain;

/// <summary>A location that holds stock.</summary>
public class Warehouse
{
    public int Id { get; set; }
    /// <summary>Short internal code, e.g. <c>BER-1</c>.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required Address Address { get; set; }
    public bool IsActive { get; set; } = true;
    public List<StockLevel> StockLevels { get; set; } = [];
}
