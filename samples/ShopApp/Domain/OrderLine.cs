namespace ShopApp.Domain;

public class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public Order Order { get; set; } = null!;
    public long ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int Quantity { get; set; }
    /// <summary>Price at the time of ordering; later catalog price changes do not affect it.</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>Quantity × unit price; computed and stored by PostgreSQL.</summary>
    public decimal LineTotal { get; private set; }
}
