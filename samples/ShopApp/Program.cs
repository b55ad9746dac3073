using Microsoft.EntityFrameworkCore;
using ShopApp.Data;

Console.WriteLine("ShopApp starting");

await using var db = new ShopContext(ShopDatabase.CreateOptions(ShopDatabase.GetRequiredConnectionString()));

var products = await db.Products.CountAsync();
var categories = await db.Categories.CountAsync();
Console.WriteLine($"Catalog: {products} products in {categories} categories");
