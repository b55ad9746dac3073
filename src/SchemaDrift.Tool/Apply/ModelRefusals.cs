using System.Globalization;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// What refuses apply before any database is read, from what the application says: an application without any
/// migration (there is nothing to deploy it with), and, when nothing is pending, model changes no migration captures
/// (the code being deployed does not match any schema a migration makes).
/// </summary>
internal static class ModelRefusals
{
    /// <summary>The refusal when the context has no migrations at all; null when it has some.</summary>
    public static string? NoMigrations(MigrationsInfo migrations, string label) => migrations.Migrations.Count > 0 ? null :
        $"refused: {migrations.Context.Name} has no migrations, so there is nothing apply could bring {label} to" +
        (migrations.PendingModelChanges.HasChanges ? $", while its model has what no migration creates ({Changes(migrations)})" : string.Empty) +
        ". Create the first migration (dotnet ef migrations add InitialCreate), then run apply again; nothing was changed.";

    /// <summary>With nothing to apply: the refusal when the model has changes no migration captures; null when it has none.</summary>
    public static string? UncapturedChanges(MigrationsInfo migrations, string label) => !migrations.PendingModelChanges.HasChanges ? null :
        $"nothing to apply to {label}, but the model of {migrations.Context.Name} has changes that no migration captures ({Changes(migrations)}). " +
        "Add a migration (dotnet ef migrations add <Name>) and deploy it; nothing was changed.";

    /// <summary>The model changes no migration captures, shortened for a message.</summary>
    private static string Changes(MigrationsInfo migrations)
    {
        var operations = migrations.PendingModelChanges.Operations;
        return operations.Count == 0 ? "model changes"
            : string.Join("; ", operations.Take(5)) + (operations.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {operations.Count - 5} more") : string.Empty);
    }
}
