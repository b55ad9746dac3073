using SchemaDrift.Tool.Hosting;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// Turns the host's migrations into the engine's input: each command with the EF operation that wrote it and the
/// file and line of its <c>migrationBuilder</c> call (the host says which operation wrote which command; the
/// migration's file says where each operation's call is), and the suppression comments of each file.
/// </summary>
public static class LintInputs
{
    /// <param name="sources">Where each migration's file is (relative to <paramref name="root"/>).</param>
    public static (IReadOnlyList<LintMigration> Migrations, IReadOnlyList<SourceSuppression> Suppressions) Build(
        IReadOnlyList<MigrationInfo> migrations, MigrationSources sources, string root)
    {
        var result = new List<LintMigration>();
        var suppressions = new List<SourceSuppression>();
        foreach (var migration in migrations)
        {
            var location = sources.Find(migration.Id);
            MigrationSource? source = null;
            if (location is not null && File.Exists(Path.Combine(root, location.Path)))
            {
                source = MigrationSource.Parse(File.ReadAllText(Path.Combine(root, location.Path)));
                suppressions.AddRange(source.Suppressions.Select(s => new SourceSuppression(migration.Id, location.Path, s)));
            }

            result.Add(Build(migration, location?.Path, source));
        }

        return (result, suppressions);
    }

    /// <summary>One migration, its commands traced to the calls of <paramref name="source"/> (its file's text, parsed) when given.</summary>
    public static LintMigration Build(MigrationInfo migration, string? file, MigrationSource? source)
    {
        var types = migration.OperationTypes ?? [];
        var calls = source?.Align(types) ?? [];
        var commands = migration.Commands.Select(c =>
        {
            var op = c.Operation is { } i && i >= 0 && i < types.Count ? i : (int?)null;
            var call = op is { } index && index < calls.Count ? calls[index] : null;
            return new LintCommand(
                c.Sql,
                c.TransactionSuppressed,
                op is { } o ? types[o] : null,
                file is not null && call is not null ? new SourceLocation(file, call.Line) : null);
        }).ToList();
        return new LintMigration(migration.Id, commands, migration.DesignerChanges ?? migration.Operations ?? [])
        {
            Up = file is null ? null : new SourceLocation(file, source?.UpLine ?? 1),
        };
    }
}
