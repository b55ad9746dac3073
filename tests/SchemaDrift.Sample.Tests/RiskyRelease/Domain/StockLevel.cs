namespace ShopApp.Domain;

/// <summary>How many units of a product a warehouse holds; one row per (warehouse, product).</summary>
public class StockLevel
{
    public int WarehouseId { get; set; }
    public Warehouse Warehouse { get; set; } = null!;
    public long ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public long QuantityOnHand { get; set; }
    /// <summary>Units promised to paid orders that have not shipped yet.</summary>
    public int QuantityReserved { get; set; }
    /// <summary>Purchasing is alerted when available stock drops below this.</summary>
    public int? ReorderThreshold { get; set; }
    public DateTime UpdatedAt { get; set; }
}
