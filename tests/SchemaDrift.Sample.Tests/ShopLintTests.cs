using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Sample.Tests;

/// <summary>
/// The sample with its one deliberately risky migration (kept in RiskyRelease/ beside these tests, so that the sample
/// itself, its demo and its other tests stay as they are): a copy of ShopApp gets the model change and the migration
/// `dotnet ef migrations add` wrote for it (an index on Orders.PlacedAt, a check on Orders.Currency, StockLevel's
/// QuantityOnHand widened to bigint), and lint, offline, finds that the lock file does not list it yet and reports the
/// index, constraint and type-change hazards at the lines of their migrationBuilder calls.
/// </summary>
public sealed class ShopLintTests : IDisposable
{
    private const string Risky = "20261203135730_AddOrderReportingAndWiderStock";

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-risky-shop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_risky_release_of_the_sample_is_reported_at_its_lines_and_fails_the_run()
    {
        var project = CopySampleWithRiskyRelease();
        var result = await LintService.RunAsync(
            new LintRequest(null, null, [], false, new HostOptions { Project = project }, null) { CurrentDirectory = folder },
            ToolEvents.None);

        Assert.Equal(("pending", "schemadrift.lock"), (result.Selection.Mode, result.Selection.Basis));
        Assert.Equal([Risky], result.Migrations.Select(m => m.Id));
        var file = $"ShopApp/Migrations/{Risky}.cs";
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, file));
        int Line(string call) => Array.FindIndex(lines, l => l.Contains(call, StringComparison.Ordinal)) + 1;

        var found = result.Findings.Select(f => (f.Rule, f.Source?.Path, f.Source?.Line)).ToList();
        Assert.Contains(("create-index-not-concurrently", file, Line("migrationBuilder.CreateIndex(")), found);
        Assert.Contains(("add-check-validates", file, Line("migrationBuilder.AddCheckConstraint(")), found);
        Assert.Contains(("alter-column-type-rewrites", file, Line("migrationBuilder.AlterColumn<long>(")), found);
        Assert.Equal(Severity.Major, result.Severity);
        Assert.Equal(ExitCodes.Major, LintOutputs.ExitCode(result, Severity.Major));
    }

    [Fact]
    public async Task The_sample_as_it_ships_has_nothing_pending_to_lint()
    {
        var root = FindRoot();
        var result = await LintService.RunAsync(
            new LintRequest(null, null, [], false, new HostOptions { Project = Path.Combine(root, "samples", "ShopApp", "ShopApp.csproj"), NoBuild = true }, null) { CurrentDirectory = root },
            ToolEvents.None);
        Assert.Equal(("pending", "schemadrift.lock"), (result.Selection.Mode, result.Selection.Basis));
        Assert.Empty(result.Migrations);
        Assert.Equal(ExitCodes.Success, LintOutputs.ExitCode(result, Severity.Major));
    }

    /// <summary>ShopApp copied (without bin/ and obj/), with the repository's build settings, and RiskyRelease/ laid over it.</summary>
    private string CopySampleWithRiskyRelease()
    {
        var root = FindRoot();
        var sample = Path.Combine(root, "samples", "ShopApp");
        var target = Path.Combine(folder, "ShopApp");
        Copy(sample, target);
        Copy(Path.Combine(root, "tests", "SchemaDrift.Sample.Tests", "RiskyRelease"), target);
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(folder, props), $"""<Project><Import Project="{Path.Combine(root, props)}" /></Project>""");
        }

        return Path.Combine(target, "ShopApp.csproj");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative), overwrite: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}
