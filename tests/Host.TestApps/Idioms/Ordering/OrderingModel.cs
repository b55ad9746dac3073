namespace Idioms.Ordering;

// An order-management model in the shape of a real one: HiLo keys, an owned address, a buyer's owned payment
// cards (OwnsMany), a seeded lookup table, an idempotency table, and an xmin concurrency token.

public enum OrderStatus
{
    Submitted,
    AwaitingValidation,
    StockConfirmed,
    Paid,
    Shipped,
    Cancelled,
}

public sealed class Buyer
{
    public int Id { get; set; }

    public required string IdentityGuid { get; set; }

    public required string Name { get; set; }

    public List<PaymentMethod> PaymentMethods { get; } = [];

    public List<ShippingAddress> ShippingAddresses { get; } = [];
}

public sealed class ShippingAddress
{
    public required string Street { get; set; }

    public required string City { get; set; }

    public string? ZipCode { get; set; }
}

public sealed class CardType
{
    public int Id { get; set; }

    public required string Name { get; set; }
}

public sealed class PaymentMethod
{
    public int Id { get; set; }

    public int BuyerId { get; set; }

    public int CardTypeId { get; set; }

    public CardType? CardType { get; set; }

    public required string Alias { get; set; }

    public required string CardNumber { get; set; }

    public required string CardHolderName { get; set; }

    public DateTime Expiration { get; set; }
}

public sealed class Address
{
    public required string Street { get; set; }

    public required string City { get; set; }

    public string? State { get; set; }

    public required string Country { get; set; }

    public required string ZipCode { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }

    public DateTime OrderDate { get; set; }

    public required Address Address { get; set; }

    public int? BuyerId { get; set; }

    public Buyer? Buyer { get; set; }

    public int? PaymentMethodId { get; set; }

    public PaymentMethod? PaymentMethod { get; set; }

    public required string Description { get; set; }

    public OrderStatus OrderStatus { get; set; }

    public uint Version { get; set; }

    public List<OrderItem> OrderItems { get; } = [];
}

public sealed class OrderItem
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int ProductId { get; set; }

    public required string ProductName { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal Discount { get; set; }

    public int Units { get; set; }

    public string? PictureUrl { get; set; }
}

public sealed class ClientRequest
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTime Time { get; set; }
}
