using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

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
                var report = await ChecksumsService.RunAsync(CommonOptions.Hosted(projectOptions.ToHostOptions(), console), settings, update.HasValue(), console.Events).ConfigureAwait(false);
                return Render(console, report);
            });
        });
    }

    /// <summary>Checks or writes the lock for already loaded migrations; returns the exit code.</summary>
    public static int Run(ToolConsole console, string projectDirectory, MigrationsInfo migrations, bool update) =>
        Render(console, ChecksumsService.Run(projectDirectory, migrations.Migrations, update));

    private static int Render(ToolConsole console, ChecksumsReport report)
    {
        ChecksumsWriter.Write(console, report);
        var worst = report.LockFile.Severity;
        return worst == Severity.Critical ? ExitCodes.Critical : worst == Severity.Major ? ExitCodes.Major : ExitCodes.Success;
    }
}
