using Microsoft.EntityFrameworkCore;
using ShopApp.Domain;

namespace ShopApp.Data;

/// <summary>
/// The one place that knows how ShopApp talks to PostgreSQL: where the connection string
/// comes from and how the Npgsql provider is configured. The app, the design-time factory
/// and the tests all go through here so that the model is built the same way everywhere.
/// </summary>
public static class ShopDatabase
{
    /// <summary>Environment variable holding the Npgsql connection string.</summary>
    public const string ConnectionStringVariable = "SHOP_DB";

    /// <summary>Schema that holds every ShopApp object (tables, enum, sequence, view, function).</summary>
    public const string Schema = "shop";

    /// <summary>PostgreSQL enum type backing <see cref="OrderStatus"/>.</summary>
    public const string OrderStatusType = "order_status";

    /// <summary>Reads <c>SHOP_DB</c>, or returns null when it is unset or blank.</summary>
    public static string? TryGetConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Reads <c>SHOP_DB</c> and fails with a message naming it when it is unset.</summary>
    public static string GetRequiredConnectionString() =>
        TryGetConnectionString() ?? throw MissingConnectionString();

    internal static InvalidOperationException MissingConnectionString() =>
        new($"The environment variable {ConnectionStringVariable} is not set. Set it to an Npgsql connection string, " +
            $"e.g. {ConnectionStringVariable}=\"Host=localhost;Port=5432;Database=shop;Username=shop;Password=...\".");

    /// <summary>Configures the Npgsql provider for <see cref="ShopContext"/>.</summary>
    public static DbContextOptionsBuilder<ShopContext> Configure(
        DbContextOptionsBuilder<ShopContext> builder, string connectionString)
    {
        builder.UseNpgsql(connectionString, npgsql => npgsql
            .MapEnum<OrderStatus>(OrderStatusType, Schema)
            .MigrationsHistoryTable("__EFMigrationsHistory", Schema));
        return builder;
    }

    /// <summary>Options for a <see cref="ShopContext"/> on the given connection string.</summary>
    public static DbContextOptions<ShopContext> CreateOptions(string connectionString) =>
        Configure(new DbContextOptionsBuilder<ShopContext>(), connectionString).Options;
}
