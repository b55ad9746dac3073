namespace ShopApp.Domain;

/// <summary>A customer's rating of a product.</summary>
public class Review
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public Product Product { get; set; } = null!;
    /// <summary>Null once the author's account has been erased; the review itself stays.</summary>
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    /// <summary>1 to 5 stars.</summary>
    public short Rating { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public bool IsVerifiedPurchase { get; set; }
    public DateTime CreatedAt { get; set; }
}
