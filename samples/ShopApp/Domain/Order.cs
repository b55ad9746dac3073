namespace ShopApp.Domain;

public class Order
{
    public long Id { get; set; }
    /// <summary>Customer-facing order number, drawn from the <c>shop.order_number_seq</c> sequence.</summary>
    public long OrderNumber { get; set; }
    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public OrderStatus Status { get; set; } = OrderStatus.PendingPayment;
    public required Address ShippingAddress { get; set; }
    /// <summary>ISO 4217 currency code.</summary>
    public string Currency { get; set; } = "EUR";
    public decimal Subtotal { get; set; }
    public decimal ShippingCost { get; set; }
    public decimal Discount { get; set; }
    /// <summary>Subtotal + shipping - discount; computed and stored by PostgreSQL.</summary>
    public decimal Total { get; private set; }
    public DateTime PlacedAt { get; set; }
    /// <summary>Free text the customer entered at checkout ("please leave at the back door").</summary>
    public string? CustomerNote { get; set; }
    public uint Version { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public List<OrderStatusChange> StatusHistory { get; set; } = [];
    public List<Shipment> Shipments { get; set; } = [];
}
