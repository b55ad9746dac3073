using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Tests.Packaging;

namespace SchemaDrift.Tool.Tests.Commands;

/// <summary><c>checksums</c> against a real build of a copy of the ShopApp sample.</summary>
public class ChecksumsCommandTests
{
    private const string Migration = "20261123060044_AddInventoryAndReviews";

    [Fact]
    public void The_lock_survives_reformatting_and_catches_an_edited_migration()
    {
        var root = ToolPackageTests.RepositoryRoot();
        var copy = Path.Combine(root, "artifacts", "tests", "checksums-" + Guid.NewGuid().ToString("N")[..8], "ShopApp");
        CopyProject(Path.Combine(root, "samples", "ShopApp"), copy);
        try
        {
            var project = Path.Combine(copy, "ShopApp.csproj");
            var update = ToolRunner.Run("checksums", "--update", "--project", project);
            Assert.True(update.ExitCode == ExitCodes.Success, update.Err);
            var lockFile = Path.Combine(copy, "Migrations", MigrationsLock.FileName);
            var locked = MigrationsLock.Parse(File.ReadAllText(lockFile), lockFile);
            Assert.Equal(7, locked.Migrations.Count);
            Assert.Contains(locked.Migrations, m => m.Id == Migration);

            var check = ToolRunner.Run("checksums", "--project", project, "--no-build");
            Assert.True(check.ExitCode == ExitCodes.Success, check.Err);
            Assert.Contains("7 migration(s) match", check.Err);

            // Re-formatting the .cs file (line endings, indentation, blank lines) changes nothing.
            var file = Path.Combine(copy, "Migrations", Migration + ".cs");
            var source = File.ReadAllText(file);
            File.WriteAllText(file, source.Replace("\n", "\r\n\r\n", StringComparison.Ordinal).Replace("            ", "\t\t\t", StringComparison.Ordinal));
            var reformatted = ToolRunner.Run("checksums", "--project", project);
            Assert.True(reformatted.ExitCode == ExitCodes.Success, reformatted.Err);

            // Changing what the migration does is caught and named.
            File.WriteAllText(file, source.Replace(
                "protected override void Up(MigrationBuilder migrationBuilder)\n        {",
                "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.Sql(\"COMMENT ON SCHEMA shop IS 'edited';\");",
                StringComparison.Ordinal));
            var edited = ToolRunner.Run("checksums", "--project", project);
            Assert.Equal(ExitCodes.Critical, edited.ExitCode);
            Assert.Contains($"migration {Migration} was edited after it was locked", edited.Err);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    private static void CopyProject(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
