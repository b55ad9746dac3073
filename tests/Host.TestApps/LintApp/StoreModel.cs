namespace LintApp;

public enum OrderState
{
    Placed,
    Paid,
    Shipped,
    Refunded,
    Cancelled,
}

public sealed class Customer
{
    public int Id { get; set; }

    public required string Email { get; set; }

    public required string Name { get; set; }

    public string? DisplayName { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid ExternalId { get; set; }
}

public sealed class Product
{
    public int Id { get; set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public decimal Price { get; set; }

    public decimal PriceWithTax { get; set; }

    public int Stock { get; set; }

    public int Weight { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public int? ProductId { get; set; }

    public OrderState State { get; set; }

    public long Quantity { get; set; }

    public decimal Total { get; set; }

    public decimal TotalWithTax { get; set; }

    public DateTime PlacedAt { get; set; }

    public long Sequence { get; set; }
}

public sealed class Warehouse
{
    public int Id { get; set; }

    public required string Name { get; set; }
}

public sealed class Shipment
{
    public long Id { get; set; }

    public int OrderId { get; set; }

    public Order? Order { get; set; }

    public int? WarehouseId { get; set; }

    public required string Carrier { get; set; }
}

public sealed class Coupon
{
    public required string Code { get; set; }

    public decimal Discount { get; set; }
}

public sealed class Draft
{
    public int Id { get; set; }

    public string? Heading { get; set; }
}

public sealed class CacheEntry
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

public sealed class Region
{
    public int Id { get; set; }

    public required string Code { get; set; }
}
