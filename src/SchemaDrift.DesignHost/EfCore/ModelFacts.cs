using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// What the design-time model maps onto the database, object by object, in the names the tool's catalog uses
/// (<c>schema.table.column</c>, <c>schema.index</c>, <c>schema.table.constraint</c>, <c>schema.sequence</c>): the
/// entity type and member each belongs to, and the facts that decide what drift costs the application (required
/// columns, unique indexes, HiLo sequences, the referential action of each foreign key).
/// </summary>
internal static class ModelFacts
{
    // Npgsql's annotations, read by name: the host is compiled against no provider.
    private const string StrategyAnnotation = "Npgsql:ValueGenerationStrategy";
    private const string HiLoNameAnnotation = "Npgsql:HiLoSequenceName";
    private const string HiLoSchemaAnnotation = "Npgsql:HiLoSequenceSchema";
    private const string HiLoDefaultName = "EntityFrameworkHiLoSequence";

    public static IReadOnlyList<ModelObject> Read(IModel model)
    {
        var relational = model.GetRelationalModel();
        var objects = new List<ModelObject>();
        foreach (var table in relational.Tables)
        {
            var schema = table.Schema ?? "public";
            var name = schema + "." + table.Name;
            objects.Add(new ModelObject(ObjectKinds.Table, name, Entities(table.EntityTypeMappings.Select(m => m.TypeBase))));
            foreach (var column in table.Columns)
            {
                // The type mapped to this table (Invoice.Id of a TPC hierarchy whose Id Document declares).
                var property = column.PropertyMappings.FirstOrDefault();
                var mapping = property is null
                    ? Entities(table.EntityTypeMappings.Select(m => m.TypeBase)) + "." + column.Name
                    : Describe(property.TableMapping.TypeBase) + "." + property.Property.Name;
                objects.Add(new ModelObject(ObjectKinds.Column, name + "." + column.Name, mapping) { Required = !column.IsNullable });
            }

            foreach (var index in table.Indexes)
            {
                var mapped = index.MappedIndexes.FirstOrDefault();
                var owner = mapped is null ? Entities(table.EntityTypeMappings.Select(m => m.TypeBase)) : Describe(mapped.DeclaringEntityType);
                objects.Add(new ModelObject(ObjectKinds.Index, schema + "." + index.Name,
                    $"{owner} {(index.IsUnique ? "unique index" : "index")} ({string.Join(", ", index.Columns.Select(c => c.Name))})") { Unique = index.IsUnique });
            }

            foreach (var key in table.UniqueConstraints)
            {
                var mapped = key.MappedKeys.FirstOrDefault();
                var owner = mapped is null ? Entities(table.EntityTypeMappings.Select(m => m.TypeBase)) : Describe(mapped.DeclaringEntityType);
                objects.Add(new ModelObject(ObjectKinds.Constraint, name + "." + key.Name,
                    $"{owner} {(key.GetIsPrimaryKey() ? "primary key" : "alternate key")} ({string.Join(", ", key.Columns.Select(c => c.Name))})") { Unique = true });
            }

            foreach (var foreignKey in table.ForeignKeyConstraints)
            {
                var mapped = foreignKey.MappedForeignKeys.FirstOrDefault();
                var owner = mapped is null ? Entities(table.EntityTypeMappings.Select(m => m.TypeBase)) : Describe(mapped.DeclaringEntityType);
                var principal = mapped is null ? foreignKey.PrincipalTable.Name : Describe(mapped.PrincipalEntityType);
                var navigation = mapped?.DependentToPrincipal?.Name;
                objects.Add(new ModelObject(ObjectKinds.Constraint, name + "." + foreignKey.Name,
                    $"{owner}{(navigation is null ? string.Empty : "." + navigation)} foreign key ({string.Join(", ", foreignKey.Columns.Select(c => c.Name))} → {principal})")
                {
                    OnDelete = foreignKey.OnDeleteAction.ToString(),
                    DeleteBehavior = mapped?.DeleteBehavior.ToString(),
                });
            }

            foreach (var check in table.CheckConstraints)
            {
                objects.Add(new ModelObject(ObjectKinds.Constraint, name + "." + check.Name, $"{Entities(table.EntityTypeMappings.Select(m => m.TypeBase))} check constraint"));
            }
        }

        foreach (var view in relational.Views)
        {
            objects.Add(new ModelObject(ObjectKinds.View, (view.Schema ?? "public") + "." + view.Name, Entities(view.EntityTypeMappings.Select(m => m.TypeBase)) + " (keyless, ToView)"));
        }

        var hiLo = HiLoSequences(model);
        foreach (var sequence in relational.Sequences)
        {
            var name = (sequence.Schema ?? "public") + "." + sequence.Name;
            var users = hiLo.Where(h => h.Name == sequence.Name && (h.Schema is null || h.Schema == sequence.Schema)).Select(h => h.Property).ToList();
            objects.Add(users.Count > 0
                ? new ModelObject(ObjectKinds.Sequence, name, $"HiLo sequence of {string.Join(", ", users)} (increment {sequence.IncrementBy})") { HiLo = true, Increment = sequence.IncrementBy }
                : new ModelObject(ObjectKinds.Sequence, name, $"sequence {sequence.Name}") { Increment = sequence.IncrementBy });
        }

        return objects;
    }

    /// <summary>The properties whose keys EF's HiLo generator hands out, with the sequence each reserves blocks from.</summary>
    private static List<(string Name, string? Schema, string Property)> HiLoSequences(IModel model)
    {
        var modelStrategy = model.FindAnnotation(StrategyAnnotation)?.Value?.ToString();
        var modelName = model.FindAnnotation(HiLoNameAnnotation)?.Value as string;
        var modelSchema = model.FindAnnotation(HiLoSchemaAnnotation)?.Value as string;
        var result = new List<(string, string?, string)>();
        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var strategy = property.FindAnnotation(StrategyAnnotation)?.Value?.ToString()
                ?? (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd ? modelStrategy : null);
            if (strategy != "SequenceHiLo")
            {
                continue;
            }

            var name = property.FindAnnotation(HiLoNameAnnotation)?.Value as string ?? modelName ?? HiLoDefaultName;
            var schema = property.FindAnnotation(HiLoSchemaAnnotation)?.Value as string ?? modelSchema;
            result.Add((name, schema, Describe(property.DeclaringType) + "." + property.Name));
        }

        return result;
    }

    private static string Entities(IEnumerable<ITypeBase> types)
    {
        // A table an owned type shares with its owner is the owner's.
        var all = types.ToList();
        var owners = all.Where(t => t is not IEntityType { } e || !e.IsOwned()).ToList();
        var names = (owners.Count > 0 ? owners : all).Select(Describe).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "(no entity type)" : string.Join(", ", names);
    }

    /// <summary>An entity type as its developer names it: <c>Order</c>, an owned type as <c>Order.Address</c>, a join entity by its name.</summary>
    public static string Describe(ITypeBase type) => type switch
    {
        IEntityType { } entity when entity.FindOwnership() is { PrincipalToDependent: { } navigation } ownership =>
            Describe(ownership.PrincipalEntityType) + "." + navigation.Name,
        IComplexType complex => Describe(complex.ComplexProperty.DeclaringType) + "." + complex.ComplexProperty.Name,
        IEntityType { HasSharedClrType: true } shared => shared.Name,
        _ => type.ClrType.Name,
    };
}
