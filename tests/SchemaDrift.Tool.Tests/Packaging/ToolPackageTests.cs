using System.Runtime.InteropServices;
using SchemaDrift.Testing;

namespace SchemaDrift.Tool.Tests.Packaging;

/// <summary>
/// The packed tool installs into a tool path and runs as a process, as users run it. This machine's runtime gets the
/// native executable, which must answer exactly as the tool the other tests run in-process.
/// </summary>
public class ToolPackageTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Packed_tool_installs_from_a_local_feed_and_runs()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("schemadrift-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var toolPath = Path.Combine(work.FullName, "tools");
            var packages = Path.Combine(work.FullName, "packages");
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
            var nugetConfig = Path.Combine(work.FullName, "nuget.config");
            await File.WriteAllTextAsync(nugetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                </configuration>
                """);

            var project = Path.Combine(root, "src", "SchemaDrift.Tool", "SchemaDrift.Tool.csproj");
            var runtimes = $"-p:SchemaDriftToolRuntimes={RuntimeInformation.RuntimeIdentifier}";
            await Run("dotnet", root, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", runtimes, "--nologo");
            await Run("dotnet", root, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", runtimes,
                "-r", RuntimeInformation.RuntimeIdentifier, "--nologo");
            Assert.True(File.Exists(Path.Combine(feed, $"SchemaDrift.EfCore.{RuntimeInformation.RuntimeIdentifier}.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"SchemaDrift.EfCore.{version}.nupkg")));

            await Run("dotnet", work.FullName, ("NUGET_PACKAGES", packages), "tool", "install", "SchemaDrift.EfCore",
                "--version", version, "--tool-path", toolPath, "--configfile", nugetConfig);

            var exe = Path.Combine(toolPath, "dotnet-schemadrift");
            var hosts = Directory.GetFiles(toolPath, "schemadrift-host.dll", SearchOption.AllDirectories);
            Assert.Contains(hosts, h => Path.GetFileName(Path.GetDirectoryName(h)) == "host");
            Assert.Empty(Directory.GetFiles(toolPath, "Microsoft.EntityFrameworkCore*.dll", SearchOption.AllDirectories));
            var versionOutput = await Run(exe, work.FullName, "--version");
            Assert.Equal(version, versionOutput.Trim());

            var help = await Run(exe, work.FullName, "--help");
            Assert.Contains("diff", help);
            Assert.Contains("fix", help);
            Assert.Contains("apply", help);

            // Native: no runtime or JIT in the package, one executable.
            Assert.Empty(Directory.GetFiles(toolPath, "libclrjit.so", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(toolPath, "System.Private.CoreLib.dll", SearchOption.AllDirectories));

            await NativeDiffMatchesInProcessAsync(exe, work.FullName);

            // On Linux its type data is in the file, ready to use at a fixed address: nothing of it is unpacked
            // at start (packed, it took about 13 MB of zero-filled memory past the file's contents).
            if (OperatingSystem.IsLinux())
            {
                var (fixedAddress, zeroFilled) = NativeImage.Read(await File.ReadAllBytesAsync(new FileInfo(exe).ResolveLinkTarget(true)?.FullName ?? exe));
                Assert.True(fixedAddress, "linked at a fixed address");
                Assert.True(zeroFilled < 4 << 20, $"zero-filled memory past the file's contents: {zeroFilled} bytes");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A diff that creates a sequence, an identity, a check, an expression index with a predicate, a comment and a view
    /// (script and JSON report), written by the native executable, is byte for byte the one the in-process tool writes.
    /// </summary>
    private async Task NativeDiffMatchesInProcessAsync(string exe, string directory)
    {
        await using var from = await fixture.CreateDatabaseAsync();
        await from.ExecuteAsync("CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20))");
        await using var to = await fixture.CreateDatabaseAsync();
        await to.ExecuteAsync("""
            CREATE SEQUENCE ticket_no START 100;
            CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL,
                total numeric(12,2) CHECK (total >= 0 AND total < 1000000), placed timestamptz DEFAULT now());
            CREATE INDEX ix_orders_code ON orders (lower(code)) WHERE total > 0;
            COMMENT ON TABLE orders IS 'Bestellungen → « élan »';
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000;
            """);

        string[] Arguments(string prefix) =>
            ["diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--unsafe",
             "--json", Path.Combine(directory, prefix + ".json"), "--sql", Path.Combine(directory, prefix + ".sql")];

        var native = await ChildProcess.RunAsync(directory, exe, Arguments("native"), null, TimeSpan.FromMinutes(2));
        var inProcess = ToolRunner.Run(Arguments("in-process"));

        Assert.Equal(1, inProcess.ExitCode); // major differences: an identity added, a column retyped and made NOT NULL
        Assert.Equal(inProcess.ExitCode, native.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(directory, "in-process.json")),
            await File.ReadAllTextAsync(Path.Combine(directory, "native.json")));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(directory, "in-process.sql")),
            await File.ReadAllTextAsync(Path.Combine(directory, "native.sql")));
        var script = await File.ReadAllTextAsync(Path.Combine(directory, "native.sql"));
        Assert.Contains("CREATE SEQUENCE", script);
        Assert.Contains("lower(code)", script);
    }

    private static Task<string> Run(string file, string directory, params string[] args) => Run(file, directory, null, args);

    private static async Task<string> Run(string file, string directory, (string Name, string Value)? variable, params string[] args)
    {
        var environment = variable is { } v ? new Dictionary<string, string> { [v.Name] = v.Value } : null;
        return (await ChildProcess.RunCheckedAsync(directory, file, args, environment, TimeSpan.FromMinutes(15))).Output;
    }

    internal static string RepositoryRoot()
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
