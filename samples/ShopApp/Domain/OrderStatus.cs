namespace ShopApp.Domain;

/// <summary>Stored as the PostgreSQL enum <c>shop.order_status</c>.</summary>
public enum OrderStatus
{
    PendingPayment,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    /// <summary>Money returned after delivery or cancellation.</summary>
    Refunded,
}
