namespace Idioms.Catalog;

// A catalog: three inheritance strategies, a many-to-many with skip navigations, value converters, a JSON column,
// shadow properties, seed data, a keyless entity over a view, a collation, generated and defaulted columns.

public enum ProductStatus
{
    Draft,
    Active,
    Discontinued,
}

/// <summary>A value object stored through a converter as "W x H x D".</summary>
public sealed record Dimensions(decimal Width, decimal Height, decimal Depth)
{
    public override string ToString() => FormattableString.Invariant($"{Width}x{Height}x{Depth}");

    public static Dimensions Parse(string text)
    {
        var parts = text.Split('x');
        return new Dimensions(decimal.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class Specs
{
    public string? Manufacturer { get; set; }

    public int WarrantyMonths { get; set; }

    public List<SpecEntry> Entries { get; set; } = [];
}

public sealed class SpecEntry
{
    public required string Name { get; set; }

    public required string Value { get; set; }
}

/// <summary>TPH: books and gadgets in one table with a discriminator.</summary>
public abstract class Product
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Sku { get; set; }

    public decimal Price { get; set; }

    public decimal PriceWithTax { get; set; }

    public ProductStatus Status { get; set; }

    public Dimensions? Size { get; set; }

    public DateTime CreatedAt { get; set; }

    public Specs? Specs { get; set; }

    public List<Tag> Tags { get; } = [];
}

public sealed class Book : Product
{
    public string? Isbn { get; set; }
}

public sealed class Gadget : Product
{
    public int Voltage { get; set; }
}

public sealed class Tag
{
    public int Id { get; set; }

    public required string Label { get; set; }

    public List<Product> Products { get; } = [];
}

/// <summary>TPT: a table per type, the derived tables keyed by the base table's key.</summary>
public class Payment
{
    public int Id { get; set; }

    public decimal Amount { get; set; }
}

public sealed class CardPayment : Payment
{
    public required string Last4 { get; set; }
}

public sealed class BankPayment : Payment
{
    public required string Iban { get; set; }
}

/// <summary>TPC: no table for the abstract base; the concrete tables share one key sequence.</summary>
public abstract class Document
{
    public long Id { get; set; }

    public required string Number { get; set; }
}

public sealed class Invoice : Document
{
    public decimal Total { get; set; }
}

public sealed class CreditNote : Document
{
    public required string Reason { get; set; }
}

/// <summary>Keyless: read from a view that a migration creates with SQL.</summary>
public sealed class ProductSummary
{
    public required string Kind { get; set; }

    public int Count { get; set; }

    public decimal AveragePrice { get; set; }
}

/// <summary>A supplier in the sales schema, with an identity key of its own options.</summary>
public sealed class Supplier
{
    public int Id { get; set; }

    public required string Name { get; set; }
}
