using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

using MigrationCommand = SchemaDrift.Protocol.MigrationCommand;
using MigrationInfo = SchemaDrift.Protocol.MigrationInfo;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// One migration as EF Core's migrator runs it: the commands of its Up operations, the objects they touch and, when
/// asked (<see cref="MigrationParts"/>), the Up operation each command comes from and the commands of its Down.
/// </summary>
internal sealed class MigrationCommands(DbContext context, string provider, MigrationParts parts)
{
    private readonly IMigrationsAssembly migrationsAssembly = context.GetService<IMigrationsAssembly>();
    private readonly IMigrationsSqlGenerator generator = context.GetService<IMigrationsSqlGenerator>();
    private readonly IModelRuntimeInitializer initializer = context.GetService<IModelRuntimeInitializer>();
    private readonly IMigrationsIdGenerator ids = context.GetService<IMigrationsIdGenerator>();
    private IModel? previousModel;

    /// <summary>
    /// The next migration, in the order EF applies them: its commands as <c>Migrator.GenerateUpSql</c> makes them (on
    /// its target model, initialized as the migrator initializes it), without the history row insert that follows each
    /// migration; and that target model.
    /// </summary>
    public (MigrationInfo Info, IModel? TargetModel) Next(string id, TypeInfo type)
    {
        var (migration, targetModel) = HostTimings.Measure("target models", () =>
        {
            var instance = migrationsAssembly.CreateMigration(type, provider);
            return (instance, instance.TargetModel is { } model ? initializer.Initialize(model) : null);
        });
        var commands = HostTimings.Measure("migration SQL", () => generator.Generate(migration.UpOperations, targetModel, MigrationsSqlGenerationOptions.Default));
        var info = new MigrationInfo(id, ids.GetName(id), [.. commands.Select(c => new MigrationCommand(c.CommandText, c.TransactionSuppressed))])
        {
            Operations = MigrationsReader.Targets(migration.UpOperations),
        };

        if (parts.HasFlag(MigrationParts.Origins))
        {
            // A second instance for the per-operation split, so that nothing generated twice shares an operation.
            var split = HostTimings.Measure("operation origins", () =>
            {
                var operations = migrationsAssembly.CreateMigration(type, provider).UpOperations;
                return (Operations: operations, Origins: OperationOrigins(operations, targetModel, commands));
            });
            info = info with
            {
                Commands = [.. info.Commands.Select((c, i) => c with { Operation = split.Origins[i] })],
                OperationTypes = [.. split.Operations.Select(TypeName)],
            };
        }

        if (parts.HasFlag(MigrationParts.Down))
        {
            var (down, downError) = HostTimings.Measure("down SQL", () => Down(migration, previousModel));
            info = info with { DownCommands = down, DownError = downError };
        }

        previousModel = targetModel;
        return (info, targetModel);
    }

    /// <summary>
    /// Which Up operation each command comes from: every operation generated alone, its commands found, in order, among
    /// the commands the whole list generates and no earlier operation claimed. A command no operation generates alone
    /// in the same words (a generator that looks across operations) has none.
    /// </summary>
    private int?[] OperationOrigins(
        IReadOnlyList<MigrationOperation> operations, IModel? model, IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.MigrationCommand> whole)
    {
        var origins = new int?[whole.Count];
        var position = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.MigrationCommand> alone;
            try
            {
                alone = generator.Generate([operations[i]], model, MigrationsSqlGenerationOptions.Default);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Only where findings point depends on the split: a generator that cannot take an operation alone
                // must not cost the answer its migrations.
                continue;
            }

            // The operation's first command is found from where the previous operation's first one was; the others
            // after it, anywhere: a generator may defer some of them to the end (Npgsql's sequence resets after seeding).
            var from = position;
            var placed = false;
            foreach (var command in alone)
            {
                for (var j = from; j < whole.Count; j++)
                {
                    if (origins[j] is null && whole[j].CommandText == command.CommandText && whole[j].TransactionSuppressed == command.TransactionSuppressed)
                    {
                        origins[j] = i;
                        position = placed ? position : j + 1;
                        placed = true;
                        from = j + 1;
                        break;
                    }
                }
            }
        }

        return origins;
    }

    /// <summary><c>CreateIndexOperation</c> → <c>CreateIndex</c>: the name of the <c>migrationBuilder</c> method that adds it.</summary>
    private static string TypeName(MigrationOperation operation)
    {
        var name = operation.GetType().Name;
        return name.EndsWith("Operation", StringComparison.Ordinal) ? name[..^"Operation".Length] : name;
    }

    /// <summary>
    /// The commands of Down, as Migrator.GenerateDownSql makes them (against the previous migration's target model),
    /// without the history row delete; or what Down threw. Down is the application's code, run only here: a Down that
    /// throws (an irreversible migration) must not keep the other migrations from being read.
    /// </summary>
    private (IReadOnlyList<MigrationCommand>? Commands, string? Error) Down(Migration migration, IModel? previous)
    {
        try
        {
            var commands = generator.Generate(migration.DownOperations, previous, MigrationsSqlGenerationOptions.Default);
            return ([.. commands.Select(c => new MigrationCommand(c.CommandText, c.TransactionSuppressed))], null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
