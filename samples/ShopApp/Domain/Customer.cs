namespace ShopApp.Domain;

public class Customer
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string FullName { get; set; }
    public string? PhoneNumber { get; set; }
    /// <summary>Where orders go unless the customer says otherwise; optional.</summary>
    public Address? DefaultShippingAddress { get; set; }
    public bool MarketingOptIn { get; set; }
    /// <summary>Points earned through purchases; redeemable as discounts.</summary>
    public int LoyaltyPoints { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Soft delete: set when the customer closes the account; the row is kept for order history.</summary>
    public DateTime? DeletedAt { get; set; }
    public uint Version { get; set; }
    public List<Order> Orders { get; set; } = [];
}
