using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.Extensions.DependencyInjection;

using MigrationCommand = SchemaDrift.Protocol.MigrationCommand;
using MigrationInfo = SchemaDrift.Protocol.MigrationInfo;
using MigrationOperation = Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// Answers <c>migrations</c>: one context's migrations with the SQL each generates (<see cref="MigrationCommands"/>),
/// the history table and, with <see cref="MigrationParts.Model"/>, the create script, the model and the model changes
/// no migration captures yet. Nothing here opens a connection: SQL generation, the
/// model differ and <c>GenerateCreateScript</c> work on models only.
/// </summary>
internal static class MigrationsReader
{
    public const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>One context's migrations with the <paramref name="parts"/> asked for (<see cref="HostProtocol.Parts"/>).</summary>
    public static MigrationsInfo Read(DesignTimeContexts contexts, string? contextName, MigrationParts parts = MigrationParts.All)
    {
        using var context = HostTimings.Measure("context", () => contexts.Create(contextName));
        var provider = context.Database.ProviderName ?? "(unknown)";
        if (provider != NpgsqlProvider)
        {
            throw new HostException(
                HostErrorType.NotNpgsql,
                $"DbContext '{context.GetType().Name}' uses the provider {provider}; SchemaDrift works with {NpgsqlProvider} only. " +
                "Pass --context with a context configured with UseNpgsql.");
        }

        return (parts & (MigrationParts.Model | MigrationParts.Designer)) != 0
            ? ReadRelational(contexts, context, provider, parts)
            : ReadWithoutModel(context, provider, parts);
    }

    // Kept out of Read so that a context on a non-relational provider is reported before any relational type loads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MigrationsInfo ReadWithoutModel(DbContext context, string provider, MigrationParts parts)
    {
        var migrationsAssembly = context.GetService<IMigrationsAssembly>();
        var reader = new MigrationCommands(context, provider, parts);
        var migrations = migrationsAssembly.Migrations.Select(m => reader.Next(m.Key, m.Value).Info).ToList();
        return Answer(context, provider, migrations, string.Empty, new PendingModelChanges(false, []), parts);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MigrationsInfo ReadRelational(DesignTimeContexts contexts, DbContext context, string provider, MigrationParts parts)
    {
        var migrationsAssembly = context.GetService<IMigrationsAssembly>();
        var sqlGenerator = context.GetService<IMigrationsSqlGenerator>();

        using var design = HostTimings.Measure("design services", () => DesignServices(contexts, context));
        var snapshotProcessor = design.ServiceProvider.GetRequiredService<ISnapshotModelProcessor>();
        var designDiffer = design.ServiceProvider.GetRequiredService<IMigrationsModelDiffer>();
        var diff = parts.HasFlag(MigrationParts.Designer);
        var cache = diff && contexts.CacheDirectory is { } directory
            ? DesignerCache.Open(directory, context.GetType().FullName ?? context.GetType().Name, Versions(context))
            : null;
        var designer = new DesignerChanges(migrationsAssembly, provider, snapshotProcessor, designDiffer, diff, cache);
        var reader = new MigrationCommands(context, provider, parts);
        var migrations = new List<MigrationInfo>();
        foreach (var (id, type) in migrationsAssembly.Migrations)
        {
            var (info, targetModel) = reader.Next(id, type);
            migrations.Add(info with { DesignerChanges = designer.Next(type, targetModel) });
        }

        cache?.Save();
        if (!parts.HasFlag(MigrationParts.Model))
        {
            return Answer(context, provider, migrations, string.Empty, new PendingModelChanges(false, []), parts);
        }

        // The commands of the create script, as RelationalDatabaseCreator makes them: each flagged when it must run
        // outside a transaction (an index created concurrently), which the script's text cannot say.
        var designModel = HostTimings.Measure("design model", () => context.GetService<IDesignTimeModel>().Model);
        var createCommands = HostTimings.Measure("create script", () => sqlGenerator.Generate(
            context.GetService<IMigrationsModelDiffer>().GetDifferences(null, designModel.GetRelationalModel()), designModel, MigrationsSqlGenerationOptions.Default));
        var createScript = HostTimings.Measure("create script", context.Database.GenerateCreateScript);

        // The model snapshot, processed once (as migrations add processes it): a processed model is not processed again.
        var snapshotModel = HostTimings.Measure("model snapshot", () => snapshotProcessor.Process(migrationsAssembly.ModelSnapshot?.Model)?.GetRelationalModel());
        var pending = HostTimings.Measure("pending model changes", () => ReadPendingModelChanges(design.ServiceProvider, context, snapshotModel));
        var snapshotChanges = HostTimings.Measure("snapshot changes", () =>
            designer.Last is not { } last || snapshotModel is null ? [] : Targets(designDiffer.GetDifferences(last, snapshotModel)));
        return Answer(context, provider, migrations, createScript, pending, parts) with
        {
            CreateCommands = [.. createCommands.Select(c => new MigrationCommand(c.CommandText, c.TransactionSuppressed))],
            Model = HostTimings.Measure("model facts", () => ModelFacts.Read(designModel)),
            SnapshotChanges = snapshotChanges,
        };
    }

    private static MigrationsInfo Answer(
        DbContext context, string provider, List<MigrationInfo> migrations, string createScript, PendingModelChanges pending, MigrationParts parts) =>
        new(
            DesignTimeContexts.Describe(context.GetType()),
            provider,
            ProductInfo.GetVersion(),
            context.GetService<IMigrationsAssembly>().Assembly.GetName().Name ?? string.Empty,
            HistoryTableOf(context),
            migrations,
            createScript,
            pending)
        {
            Parts = MigrationPartNames.Format(parts),
        };

    /// <summary>What designer changes are computed with: EF Core, the provider, EF's design package and this host.</summary>
    private static string Versions(DbContext context) => string.Join(
        " ",
        ProductInfo.GetVersion(),
        Version(context.GetService<Microsoft.EntityFrameworkCore.Storage.IDatabaseProvider>().GetType().Assembly),
        Version(typeof(DesignTimeServicesBuilder).Assembly),
        Version(typeof(IMigrationsModelDiffer).Assembly),
        typeof(DesignerCache).Module.ModuleVersionId);

    private static string Version(Assembly assembly) =>
        assembly.GetName().Name + "/" + (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString());

    /// <summary>The migrations history table as the context configures it.</summary>
    private static HistoryTable HistoryTableOf(DbContext context)
    {
        var options = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>());
        return new HistoryTable(options.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName, options.MigrationsHistoryTableSchema);
    }

    private static IServiceScope DesignServices(DesignTimeContexts contexts, DbContext context) =>
        new DesignTimeServicesBuilder(contexts.Assembly, contexts.StartupAssembly, contexts.Reporter, contexts.Arguments)
            .Build(context)
            .CreateScope();

    internal static List<ObjectTarget> Targets(IEnumerable<MigrationOperation> operations) =>
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
