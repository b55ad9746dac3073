namespace ShopApp.Domain;

/// <summary>A postal address; stored inline in the owner's table (an EF Core owned type).</summary>
public class Address
{
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public required string PostalCode { get; set; }
    /// <summary>ISO 3166-1 alpha-2 country code, e.g. <c>DE</c>.</summary>
    public required string CountryCode { get; set; }
}
