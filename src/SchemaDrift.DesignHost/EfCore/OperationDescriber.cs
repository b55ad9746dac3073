using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>One short line per migration operation: its kind and the objects it touches
/// (<c>AddColumn shop.orders.note</c>, <c>RenameColumn shop.customers.phone -> phone_number</c>).</summary>
internal static class OperationDescriber
{
    public static string Describe(MigrationOperation operation)
    {
        var kind = operation.GetType().Name;
        if (kind.EndsWith("Operation", StringComparison.Ordinal))
        {
            kind = kind[..^"Operation".Length];
        }

        var target = operation switch
        {
            RenameColumnOperation o => $"{Qualify(o.Schema, o.Table)}.{o.Name} -> {o.NewName}",
            RenameTableOperation o => $"{Qualify(o.Schema, o.Name)} -> {Qualify(o.NewSchema ?? o.Schema, o.NewName ?? o.Name)}",
            RenameIndexOperation o => $"{o.Name} -> {o.NewName} on {Qualify(o.Schema, o.Table)}",
            RenameSequenceOperation o => $"{Qualify(o.Schema, o.Name)} -> {Qualify(o.NewSchema ?? o.Schema, o.NewName ?? o.Name)}",
            ColumnOperation o => $"{Qualify(o.Schema, o.Table)}.{o.Name}",
            DropColumnOperation o => $"{Qualify(o.Schema, o.Table)}.{o.Name}",
            CreateTableOperation o => Qualify(o.Schema, o.Name),
            DropTableOperation o => Qualify(o.Schema, o.Name),
            AlterTableOperation o => Qualify(o.Schema, o.Name),
            CreateIndexOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}({string.Join(", ", o.Columns)})",
            DropIndexOperation o => $"{o.Name}{(o.Table is null ? string.Empty : " on " + Qualify(o.Schema, o.Table))}",
            AddForeignKeyOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)} -> {Qualify(o.PrincipalSchema, o.PrincipalTable)}",
            AddPrimaryKeyOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            AddUniqueConstraintOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            AddCheckConstraintOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            DropForeignKeyOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            DropPrimaryKeyOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            DropUniqueConstraintOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            DropCheckConstraintOperation o => $"{o.Name} on {Qualify(o.Schema, o.Table)}",
            CreateSequenceOperation o => Qualify(o.Schema, o.Name),
            AlterSequenceOperation o => Qualify(o.Schema, o.Name),
            DropSequenceOperation o => Qualify(o.Schema, o.Name),
            RestartSequenceOperation o => Qualify(o.Schema, o.Name),
            EnsureSchemaOperation o => o.Name,
            DropSchemaOperation o => o.Name,
            InsertDataOperation o => $"{Qualify(o.Schema, o.Table)} ({o.Values.GetLength(0)} rows)",
            UpdateDataOperation o => $"{Qualify(o.Schema, o.Table)} ({o.KeyValues.GetLength(0)} rows)",
            DeleteDataOperation o => $"{Qualify(o.Schema, o.Table)} ({o.KeyValues.GetLength(0)} rows)",
            ITableMigrationOperation o => Qualify(o.Schema, o.Table),
            _ => null,
        };

        return target is null ? kind : $"{kind} {target}";
    }

    private static string Qualify(string? schema, string? name) => string.IsNullOrEmpty(schema) ? name ?? string.Empty : $"{schema}.{name}";
}
