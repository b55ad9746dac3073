using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

using MigrationCommand = SchemaDrift.Protocol.MigrationCommand;
using MigrationInfo = SchemaDrift.Protocol.MigrationInfo;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// Answers <c>migrations</c>: one context's migrations with the SQL each generates, the history table, the create
/// script and the model changes no migration captures yet. Nothing here opens a connection: SQL generation, the
/// model differ and <c>GenerateCreateScript</c> work on models only.
/// </summary>
internal static class MigrationsReader
{
    public const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static MigrationsInfo Read(DesignTimeContexts contexts, string? contextName)
    {
        using var context = contexts.Create(contextName);
        var provider = context.Database.ProviderName ?? "(unknown)";
        if (provider != NpgsqlProvider)
        {
            throw new HostException(
                HostErrorType.NotNpgsql,
                $"DbContext '{context.GetType().Name}' uses the provider {provider}; SchemaDrift works with {NpgsqlProvider} only. " +
                "Pass --context with a context configured with UseNpgsql.");
        }

        return ReadRelational(contexts, context, provider);
    }

    // Kept out of Read so that a context on a non-relational provider is reported before any relational type loads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MigrationsInfo ReadRelational(DesignTimeContexts contexts, DbContext context, string provider)
    {
        var migrationsAssembly = context.GetService<IMigrationsAssembly>();
        var idGenerator = context.GetService<IMigrationsIdGenerator>();
        var sqlGenerator = context.GetService<IMigrationsSqlGenerator>();
        var modelInitializer = context.GetService<IModelRuntimeInitializer>();

        using var design = DesignServices(contexts, context);
        var snapshotProcessor = design.ServiceProvider.GetRequiredService<ISnapshotModelProcessor>();
        var designDiffer = design.ServiceProvider.GetRequiredService<IMigrationsModelDiffer>();
        var migrations = new List<MigrationInfo>();
        IRelationalModel? previousTarget = null;
        IModel? previousModel = null;
        foreach (var (id, type) in migrationsAssembly.Migrations)
        {
            // As Migrator.GenerateUpSql does, without the history row insert that follows each migration.
            var migration = migrationsAssembly.CreateMigration(type, provider);
            var targetModel = migration.TargetModel is { } model ? modelInitializer.Initialize(model) : null;
            var commands = sqlGenerator.Generate(migration.UpOperations, targetModel, MigrationsSqlGenerationOptions.Default);
            var (down, downError) = Down(sqlGenerator, migration, previousModel);
            previousModel = targetModel;

            // What migrations add would scaffold from this designer file: EF's differ from the previous target model.
            // A second instance: the first one's target model is initialized for SQL generation, not for the differ.
            var designTarget = migrationsAssembly.CreateMigration(type, provider).TargetModel is { } target
                ? snapshotProcessor.Process(target)?.GetRelationalModel()
                : previousTarget;
            var designerChanges = designTarget is null ? [] : Targets(designDiffer.GetDifferences(previousTarget, designTarget));
            previousTarget = designTarget ?? previousTarget;
            // A third instance for the per-operation split, so that nothing generated twice shares an operation.
            var split = migrationsAssembly.CreateMigration(type, provider).UpOperations;
            var origins = OperationOrigins(sqlGenerator, split, targetModel, commands);
            migrations.Add(new MigrationInfo(
                id,
                idGenerator.GetName(id),
                [.. commands.Select((c, i) => new MigrationCommand(c.CommandText, c.TransactionSuppressed) { Operation = origins[i] })])
            {
                Operations = Targets(migration.UpOperations),
                OperationTypes = [.. split.Select(TypeName)],
                DesignerChanges = designerChanges,
                DownCommands = down,
                DownError = downError,
            });
        }

        var options = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>());
        var historyTable = new HistoryTable(
            options.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName,
            options.MigrationsHistoryTableSchema);

        // The commands of the create script, as RelationalDatabaseCreator makes them: each flagged when it must run
        // outside a transaction (an index created concurrently), which the script's text cannot say.
        var designModel = context.GetService<IDesignTimeModel>().Model;
        var createCommands = sqlGenerator.Generate(
            context.GetService<IMigrationsModelDiffer>().GetDifferences(null, designModel.GetRelationalModel()), designModel, MigrationsSqlGenerationOptions.Default);

        // The model snapshot, processed once (as migrations add processes it): a processed model is not processed again.
        var snapshotModel = snapshotProcessor.Process(migrationsAssembly.ModelSnapshot?.Model)?.GetRelationalModel();
        return new MigrationsInfo(
            DesignTimeContexts.Describe(context.GetType()),
            provider,
            ProductInfo.GetVersion(),
            migrationsAssembly.Assembly.GetName().Name ?? string.Empty,
            historyTable,
            migrations,
            context.Database.GenerateCreateScript(),
            ReadPendingModelChanges(design.ServiceProvider, context, snapshotModel))
        {
            CreateCommands = [.. createCommands.Select(c => new MigrationCommand(c.CommandText, c.TransactionSuppressed))],
            Model = ModelFacts.Read(designModel),
            SnapshotChanges = previousTarget is null || snapshotModel is null ? [] : Targets(designDiffer.GetDifferences(previousTarget, snapshotModel)),
        };
    }

    /// <summary>
    /// Which Up operation each command comes from: every operation generated alone, its commands found, in order, among
    /// the commands the whole list generates and no earlier operation claimed. A command no operation generates alone
    /// in the same words (a generator that looks across operations) has none.
    /// </summary>
    private static int?[] OperationOrigins(
        IMigrationsSqlGenerator generator, IReadOnlyList<MigrationOperation> operations, IModel? model, IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.MigrationCommand> whole)
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
    private static (IReadOnlyList<MigrationCommand>? Commands, string? Error) Down(IMigrationsSqlGenerator generator, Migration migration, IModel? previousModel)
    {
        try
        {
            var commands = generator.Generate(migration.DownOperations, previousModel, MigrationsSqlGenerationOptions.Default);
            return ([.. commands.Select(c => new MigrationCommand(c.CommandText, c.TransactionSuppressed))], null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static IServiceScope DesignServices(DesignTimeContexts contexts, DbContext context) =>
        new DesignTimeServicesBuilder(contexts.Assembly, contexts.StartupAssembly, contexts.Reporter, contexts.Arguments)
            .Build(context)
            .CreateScope();

    private static List<ObjectTarget> Targets(IEnumerable<MigrationOperation> operations) =>
        [.. operations.SelectMany(o => OperationTargets.Of(o, null))];

    /// <summary>
    /// What <c>dotnet ef migrations add</c> would put in the next migration: the differences between the last model
    /// snapshot, processed as the migrations scaffolder processes it, and the current design-time model.
    /// </summary>
    private static PendingModelChanges ReadPendingModelChanges(IServiceProvider services, DbContext context, IRelationalModel? snapshotModel)
    {
        var differ = services.GetRequiredService<IMigrationsModelDiffer>();
        IRelationalModel currentModel = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        if (!differ.HasDifferences(snapshotModel, currentModel))
        {
            return new PendingModelChanges(false, []);
        }

        var operations = differ.GetDifferences(snapshotModel, currentModel);
        return new PendingModelChanges(true, [.. operations.Select(OperationDescriber.Describe)]) { Objects = Targets(operations) };
    }
}
