using Microsoft.EntityFrameworkCore;
using Npgsql;
using ShopApp;
using ShopApp.Data;

// ShopApp's console front end: a quick look at the shop's numbers.
//   dotnet run --project samples/ShopApp                 print a report
//   dotnet run --project samples/ShopApp -- --migrate    apply pending migrations first
//   dotnet run --project samples/ShopApp -- --seed       add demo data if the shop is empty
var migrate = args.Contains("--migrate");
var seed = args.Contains("--seed");

var connectionString = ShopDatabase.GetRequiredConnectionString();
var target = new NpgsqlConnectionStringBuilder(connectionString);
Console.WriteLine($"ShopApp starting (database {target.Database} on {target.Host}:{target.Port})");

await using var db = new ShopContext(ShopDatabase.CreateOptions(connectionString));

if (migrate)
{
    var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
    Console.WriteLine(pending.Count == 0 ? "No pending migrations." : $"Applying {pending.Count} migration(s)...");
    await db.Database.MigrateAsync();
}

if (seed)
{
    var added = await DemoData.SeedAsync(db);
    Console.WriteLine(added ? "Demo data added." : "The shop already has products; demo data not added.");
}

await ShopReport.PrintAsync(db, Console.Out);
