using Microsoft.EntityFrameworkCore;

namespace Idioms;

/// <summary>
/// <c>Idioms migrate CONTEXT CONNECTION</c> migrates a database with EF Core's own <c>Database.Migrate()</c>, as an
/// application does at startup; anything else prints what the application is.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is not ["migrate", var name, var connection])
        {
            Console.WriteLine("Idioms test application: `migrate CONTEXT CONNECTION` runs Database.Migrate().");
            return args.Length == 0 ? 0 : 2;
        }

        Environment.SetEnvironmentVariable(IdiomsDb.Variable, connection);
        using DbContext context = name switch
        {
            "OrderingContext" => new Ordering.OrderingContextFactory().CreateDbContext([]),
            "IdentityContext" => new Identity.IdentityContextFactory().CreateDbContext([]),
            "CatalogContext" => new Catalog.CatalogContextFactory().CreateDbContext([]),
            "PostgresContext" => new Postgres.PostgresContextFactory().CreateDbContext([]),
            "EvolutionContext" => new Evolution.EvolutionContextFactory().CreateDbContext([]),
            "DisagreeContext" => new Disagree.DisagreeContextFactory().CreateDbContext([]),
            _ => throw new ArgumentException($"unknown context {name}"),
        };
        context.Database.Migrate();
        return 0;
    }
}

/// <summary>The connection every context uses: IDIOMS_DB, else a closed port (design time never connects).</summary>
public static class IdiomsDb
{
    public const string Variable = "IDIOMS_DB";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connection ? connection : "Host=127.0.0.1;Port=1;Database=idioms;Username=idioms";
}
