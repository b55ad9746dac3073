namespace ShopApp.Domain;

/// <summary>A parcel handed to a carrier; an order may ship in several parcels.</summary>
public class Shipment
{
    public Guid Id { get; set; }
    public long OrderId { get; set; }
    public Order Order { get; set; } = null!;
    public required string Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>Raw tracking events as pushed by the carrier's webhook (a JSON array).</summary>
    public string TrackingEvents { get; set; } = "[]";
}
