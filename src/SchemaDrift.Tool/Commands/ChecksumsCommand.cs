using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift checksums [--update]</c>: write or check the migrations lock file.</summary>
public static class ChecksumsCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("checksums", command =>
        {
            command.Description = "Check (or with --update write) the migrations lock file beside the migrations.";
            command.ExtendedHelpText = Environment.NewLine +
                "Exit codes: 0 the lock matches the code (or only new migrations are not locked yet), 1 a locked migration is gone," +
                Environment.NewLine + "2 a locked migration was edited, 3 usage or configuration error, 4 build or host error.";
            command.HelpOption("-h|--help");
            var update = command.Option("--update", "Write the lock file from the current migrations.", CommandOptionType.NoValue);
            var projectOptions = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () =>
            {
                var settings = ConfigLoader.Load(config.Value(), Directory.GetCurrentDirectory());
                console.Progress("loading the application's migrations");
                var client = await HostClient.CreateAsync(projectOptions.ToHostOptions(), settings, console).ConfigureAwait(false);
                var migrations = await client.GetMigrationsAsync(client.Target.Context).ConfigureAwait(false);
                return Run(console, client.Project.ProjectDir, migrations, update.HasValue());
            });
        });
    }

    /// <summary>Checks or writes the lock for already loaded migrations; returns the exit code.</summary>
    public static int Run(ToolConsole console, string projectDirectory, MigrationsInfo migrations, bool update)
    {
        var path = MigrationsLock.Locate(projectDirectory, migrations.Migrations);
        var current = MigrationsLock.FromCode(migrations.Migrations);
        if (update)
        {
            File.WriteAllText(path, current.Format());
            console.Info(console.Paint("32", "✓ "), $"locked {current.Migrations.Count} migration(s) in {path} (total {current.Total[..12]}…). Commit this file.");
            return ExitCodes.Success;
        }

        if (!File.Exists(path))
        {
            console.Warn($"no lock file at {path}: {current.Migrations.Count} migration(s) are not locked. Run 'dotnet schemadrift checksums --update' and commit the file.");
            return ExitCodes.Success;
        }

        var findings = LockFileCheck.Findings(LockComparison.Compare(MigrationsLock.Parse(File.ReadAllText(path), path), current));
        foreach (var finding in findings)
        {
            var line = $"{VerifyJsonWriter.Name(finding.Severity)}: {Describe(finding)} {finding.Fix}";
            if (finding.Severity == Severity.Minor)
            {
                console.Warn(line);
            }
            else
            {
                console.Fail(line);
            }
        }

        if (findings.Count == 0)
        {
            console.Info(console.Paint("32", "✓ "), $"{current.Migrations.Count} migration(s) match {path}.");
        }

        var worst = findings.Count == 0 ? Severity.None : findings.Max(f => f.Severity);
        return worst == Severity.Critical ? ExitCodes.Critical : worst == Severity.Major ? ExitCodes.Major : ExitCodes.Success;
    }

    private static string Describe(VerifyFinding finding) => finding.Kind switch
    {
        "migration-edited-after-lock" => $"migration {finding.Object} was edited after it was locked ({finding.Expected?[..19]}… → {finding.Actual?[..19]}…).",
        "locked-migration-missing" => $"migration {finding.Object} is locked but no longer in the code.",
        _ => $"migration {finding.Object} is not locked yet.",
    };
}
