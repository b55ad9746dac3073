namespace ShopApp.Domain;

/// <summary>A node in the catalog tree ("Kitchen" → "Coffee" → "Grinders").</summary>
public class Category
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>URL-friendly unique name, e.g. <c>coffee-grinders</c>.</summary>
    public required string Slug { get; set; }
    public string? Description { get; set; }
    public int? ParentCategoryId { get; set; }
    public Category? ParentCategory { get; set; }
    public List<Category> Children { get; set; } = [];
    public List<Product> Products { get; set; } = [];
}
