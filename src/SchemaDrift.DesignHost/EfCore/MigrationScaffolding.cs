using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// Answers <c>scaffold</c>: writes a migration with EF Core's own migration code generator, as
/// <c>dotnet ef migrations add</c> does. Two modes: <c>model</c> scaffolds the model changes no migration captures
/// (the migration, its designer file and the updated model snapshot); <c>sql</c> writes a migration whose Up runs
/// the given SQL, with a designer file whose target model is the current model (the snapshot is left as it is, as
/// the model did not change).
/// </summary>
internal static class MigrationScaffolding
{
    public static ScaffoldInfo Scaffold(DesignTimeContexts contexts, HostRequest request)
    {
        var input = ReadInput(request.InputPath);
        using var context = contexts.Create(request.Context);
        return ScaffoldCore(contexts, context, input, request);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ScaffoldInfo ScaffoldCore(DesignTimeContexts contexts, DbContext context, ScaffoldRequest input, HostRequest request)
    {
        var designServices = new DesignTimeServicesBuilder(contexts.Assembly, contexts.StartupAssembly, contexts.Reporter, contexts.Arguments)
            .Build(context);
        using var scope = designServices.CreateScope();
        var services = scope.ServiceProvider;
        var migrationsAssembly = services.GetRequiredService<IMigrationsAssembly>();
        if (migrationsAssembly.FindMigrationId(input.Name) is { } existing)
        {
            throw new HostException(
                HostErrorType.DuplicateMigrationName,
                $"A migration named '{input.Name}' already exists ({existing}). Pass --name with another name.");
        }

        var projectDir = request.ProjectDir ?? Directory.GetCurrentDirectory();
        var rootNamespace = request.RootNamespace ?? contexts.Assembly.GetName().Name!;
        var outputDir = Path.GetFullPath(input.OutputDir ?? Path.Combine(projectDir, "Migrations"), projectDir);
        var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();

        if (input.Mode == ScaffoldRequest.Model)
        {
            var subNamespace = SubNamespace(projectDir, outputDir);
            var migration = scaffolder.ScaffoldMigration(input.Name, rootNamespace, subNamespace, "C#", dryRun: input.DryRun);
            var files = scaffolder.Save(projectDir, migration, outputDir, dryRun: input.DryRun);
            return new ScaffoldInfo(migration.MigrationId, files.MigrationFile, files.MetadataFile, files.SnapshotFile,
                input.DryRun ? migration.MigrationCode : null, input.DryRun ? migration.MetadataCode : null);
        }

        if (input.Mode != ScaffoldRequest.SqlMode || input.Sql is not { Count: > 0 } sql)
        {
            throw new HostException(HostErrorType.Internal, $"scaffold: mode '{input.Mode}' needs 'sql' statements, or use mode '{ScaffoldRequest.Model}'.");
        }

        var lastMigration = migrationsAssembly.Migrations.LastOrDefault().Value;
        var migrationNamespace = lastMigration?.Namespace
            ?? (string.IsNullOrEmpty(SubNamespace(projectDir, outputDir)) ? rootNamespace : rootNamespace + "." + SubNamespace(projectDir, outputDir));
        var generator = services.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select("C#");
        var id = services.GetRequiredService<IMigrationsIdGenerator>().GenerateId(input.Name);
        var upOperations = input.Code is { Count: > 0 }
            ? new List<MigrationOperation> { new SqlOperation { Sql = CodePlaceholder } }
            : sql.Select(s => (MigrationOperation)new SqlOperation { Sql = s }).ToList();
        var migrationCode = generator.GenerateMigration(migrationNamespace, input.Name, upOperations, []);
        if (input.Code is { Count: > 0 } code)
        {
            migrationCode = WithCode(migrationCode, code);
        }

        var metadataCode = generator.GenerateMetadata(migrationNamespace, context.GetType(), input.Name, id, context.GetService<IDesignTimeModel>().Model);

        var migrationFile = Path.Combine(outputDir, id + generator.FileExtension);
        var metadataFile = Path.Combine(outputDir, id + ".Designer" + generator.FileExtension);
        if (!input.DryRun)
        {
            Directory.CreateDirectory(outputDir);
            File.WriteAllText(migrationFile, migrationCode);
            File.WriteAllText(metadataFile, metadataCode);
        }

        return new ScaffoldInfo(id, migrationFile, metadataFile, null, input.DryRun ? migrationCode : null, input.DryRun ? metadataCode : null);
    }

    /// <summary>The statement EF Core's generator writes for the placeholder is replaced by the given code.</summary>
    private const string CodePlaceholder = "schemadrift-up-code-placeholder";

    /// <summary>
    /// Puts <paramref name="code"/> where the generator wrote the placeholder's <c>migrationBuilder.Sql</c> line: each
    /// element is indented as that line was; line breaks inside an element (verbatim strings) are left as they are.
    /// </summary>
    private static string WithCode(string migrationCode, IReadOnlyList<string> code)
    {
        var lines = migrationCode.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains('"' + CodePlaceholder + '"', StringComparison.Ordinal));
        if (index < 0)
        {
            throw new HostException(HostErrorType.Internal, "scaffold: EF Core's code generator wrote the migration in an unexpected form; the repair could not be placed in Up.");
        }

        var line = lines[index].TrimEnd('\r');
        var indent = line[..(line.Length - line.TrimStart().Length)];
        var newLine = lines[index].EndsWith('\r') ? "\r\n" : "\n";
        var replaced = string.Join(newLine, code.Select(c => c.Length == 0 ? string.Empty : indent + c));
        lines[index] = replaced + (lines[index].EndsWith('\r') ? "\r" : string.Empty);
        return string.Join('\n', lines);
    }

    private static string SubNamespace(string projectDir, string outputDir)
    {
        var relative = Path.GetRelativePath(projectDir, outputDir);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal)
            ? string.Empty
            : relative.Replace(Path.DirectorySeparatorChar, '.').Replace(Path.AltDirectorySeparatorChar, '.');
    }

    private static ScaffoldRequest ReadInput(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            throw new HostException(HostErrorType.Internal, "scaffold needs --input with the path of its JSON request.");
        }

        try
        {
            var input = JsonSerializer.Deserialize<ScaffoldRequest>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            return input is { Name.Length: > 0, Mode.Length: > 0 }
                ? input
                : throw new HostException(HostErrorType.Internal, "scaffold: the request needs 'name' and 'mode'.");
        }
        catch (JsonException ex)
        {
            throw new HostException(HostErrorType.Internal, $"scaffold: the request is not valid JSON ({ex.Message}).", inner: ex);
        }
    }
}
