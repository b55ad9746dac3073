namespace ShopApp.Domain;

/// <summary>One row of the <c>shop.customer_order_summaries</c> view (read-only).</summary>
public class CustomerOrderSummary
{
    public int CustomerId { get; set; }
    public required string Email { get; set; }
    public required string FullName { get; set; }
    public long OrderCount { get; set; }
    /// <summary>Sum of the totals of all orders that were not cancelled.</summary>
    public decimal LifetimeValue { get; set; }
    public DateTime? LastOrderAt { get; set; }
}
