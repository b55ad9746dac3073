namespace ShopApp.Domain;

/// <summary>
/// Audit trail of order status transitions. Rows are written by the database trigger
/// <c>trg_orders_status_change</c>, never by the application.
/// </summary>
public class OrderStatusChange
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public Order Order { get; set; } = null!;
    /// <summary>Null for the row recorded when the order is created.</summary>
    public OrderStatus? OldStatus { get; set; }
    public OrderStatus NewStatus { get; set; }
    public DateTime ChangedAt { get; set; }
    /// <summary>Database role that made the change.</summary>
    public string ChangedBy { get; set; } = null!;
}
