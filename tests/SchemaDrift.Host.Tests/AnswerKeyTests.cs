using System.Text.Json;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>What the key of a cached host answer depends on, and what it must not (made-up build output folders).</summary>
public sealed class AnswerKeyTests : IDisposable
{
    private const string DepsJson = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": { ".NETCoreApp,Version=v10.0": {
            "Shop/1.0.0": { "runtime": { "Shop.dll": {} } },
            "Microsoft.EntityFrameworkCore/10.0.15": { "runtime": { "lib/net10.0/Microsoft.EntityFrameworkCore.dll": {} } } } },
          "libraries": {
            "Shop/1.0.0": { "type": "project" },
            "Microsoft.EntityFrameworkCore/10.0.15": { "type": "package", "sha512": "sha512-abc" } }
        }
        """;

    private readonly TempFolder temp = new();
    private readonly ProjectFacts startup;
    private readonly string host;
    private readonly Dictionary<string, string?> variables = new() { ["SHOP_DB"] = "Host=db;Password=secret" };

    public AnswerKeyTests()
    {
        temp.Write("Shop/Shop.csproj", "<Project />");
        var bin = Path.Combine(temp.Path, "Shop", "bin", "Debug", "net10.0");
        temp.Write("Shop/bin/Debug/net10.0/Shop.dll", "application v1");
        temp.Write("Shop/bin/Debug/net10.0/Shop.pdb", "symbols v1");
        temp.Write("Shop/bin/Debug/net10.0/Shop.deps.json", DepsJson);
        temp.Write("Shop/bin/Debug/net10.0/Shop.runtimeconfig.json", "{}");
        temp.Write("Shop/bin/Debug/net10.0/Microsoft.EntityFrameworkCore.dll", "EF Core 10.0.15");
        host = temp.Write("host/schemadrift-host.dll", "host v1");
        startup = new ProjectFacts
        {
            ProjectFile = Path.Combine(temp.Path, "Shop", "Shop.csproj"),
            ProjectDir = Path.Combine(temp.Path, "Shop") + Path.DirectorySeparatorChar,
            AssemblyName = "Shop",
            RootNamespace = "Shop",
            TargetFramework = "net10.0",
            TargetPath = Path.Combine(bin, "Shop.dll"),
            DepsFile = Path.Combine(bin, "Shop.deps.json"),
            RuntimeConfigFile = Path.Combine(bin, "Shop.runtimeconfig.json"),
        };
    }

    public void Dispose() => temp.Dispose();

    private string Key(params string[] arguments) =>
        AnswerKey.For(arguments.Length == 0 ? ["exec", "host.dll", "migrations", "--context", "ShopContext"] : arguments, startup, host, n => variables.GetValueOrDefault(n));

    /// <summary>Rewrites a file with new contents but its old size and time, as a copy that keeps times could.</summary>
    private static void Rewrite(string path, string contents)
    {
        var time = File.GetLastWriteTimeUtc(path);
        Assert.Equal(new FileInfo(path).Length, contents.Length);
        File.WriteAllText(path, contents);
        File.SetLastWriteTimeUtc(path, time);
    }

    [Fact]
    public void The_applications_assembly_counts_by_its_contents_even_with_the_same_size_and_time()
    {
        var before = Key();
        Rewrite(startup.TargetPath, "application v2");

        Assert.NotEqual(before, Key());
    }

    [Fact]
    public void Deps_json_runtimeconfig_appsettings_and_the_host_count_symbols_do_not()
    {
        var before = Key();
        File.WriteAllText(Path.Combine(startup.TargetDirectory, "Shop.pdb"), "symbols v2, longer");
        Assert.Equal(before, Key());

        File.WriteAllText(startup.DepsFile, DepsJson.Replace("10.0.15", "10.0.16", StringComparison.Ordinal));
        var afterDeps = Key();
        Assert.NotEqual(before, afterDeps);

        File.WriteAllText(startup.RuntimeConfigFile, """{"runtimeOptions":{}}""");
        var afterRuntimeConfig = Key();
        Assert.NotEqual(afterDeps, afterRuntimeConfig);

        temp.Write("Shop/appsettings.Development.json", """{"Schema":"shop"}""");
        var afterSettings = Key();
        Assert.NotEqual(afterRuntimeConfig, afterSettings);

        File.WriteAllText(host, "host v2");
        Assert.NotEqual(afterSettings, Key());
    }

    [Fact]
    public void A_package_assembly_counts_by_its_package_size_and_time()
    {
        var efCore = Path.Combine(startup.TargetDirectory, "Microsoft.EntityFrameworkCore.dll");
        var before = Key();
        File.SetLastWriteTimeUtc(efCore, File.GetLastWriteTimeUtc(efCore).AddMinutes(1));

        Assert.NotEqual(before, Key());
        Assert.Contains(
            AnswerKey.Lines(["x"], startup, host, _ => null),
            l => l.StartsWith("output Microsoft.EntityFrameworkCore.dll package Microsoft.EntityFrameworkCore/10.0.15 ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_request_context_and_application_arguments_count_verbose_does_not()
    {
        var key = Key("exec", "host.dll", "migrations", "--context", "ShopContext");

        Assert.Equal(key, Key("exec", "host.dll", "migrations", "--context", "ShopContext", "--verbose"));
        Assert.NotEqual(key, Key("exec", "host.dll", "migrations", "--context", "AuditContext"));
        Assert.NotEqual(key, Key("exec", "host.dll", "migrations", "--context", "ShopContext", "--", "--tenant", "b"));
    }

    [Fact]
    public void The_hosting_environment_counts_a_connection_string_does_not_and_neither_is_kept()
    {
        var before = Key();
        variables["SHOP_DB"] = "Host=other;Password=another";
        Assert.Equal(before, Key());

        variables["ASPNETCORE_ENVIRONMENT"] = "Production";
        var production = Key();
        Assert.NotEqual(before, production);
        variables["ASPNETCORE_ENVIRONMENT"] = null;
        variables["DOTNET_ENVIRONMENT"] = "Production";
        Assert.NotEqual(production, Key());

        // The key is a hash: the lines behind it stay in memory.
        Assert.Matches("^[0-9a-f]{64}$", Key());
        Assert.DoesNotContain(AnswerKey.Lines(["x", "--", "--password", "p4ss"], startup, host, n => variables.GetValueOrDefault(n)), l => l.Contains("p4ss", StringComparison.Ordinal));
    }

    [Fact]
    public void Cached_answers_survive_a_round_trip_and_a_damaged_or_foreign_entry_is_a_miss()
    {
        var cache = new HostCache(Path.Combine(temp.Path, "cache"));
        var key = Key();
        using var answer = JsonDocument.Parse("""{"migrations":[{"id":"1_Init","commands":[{"sql":"CREATE TABLE \"a\" (\"é\" int);"}]}]}""");

        Assert.Null(cache.TryLoadAnswer("migrations", key));
        Assert.True(cache.TrySaveAnswer("migrations", key, answer.RootElement));
        Assert.True(JsonElement.DeepEquals(answer.RootElement, cache.TryLoadAnswer("migrations", key)!.Value));

        // Another key whose first half is the same (the file name) is not served this entry.
        Assert.Null(cache.TryLoadAnswer("migrations", key[..32] + new string('0', 32)));
        Assert.False(File.Exists(cache.PathOf("answer-migrations", key)), "a foreign entry is removed");

        Assert.True(cache.TrySaveAnswer("migrations", key, answer.RootElement));
        File.WriteAllText(cache.PathOf("answer-migrations", key), "{\"format\":");
        Assert.Null(cache.TryLoadAnswer("migrations", key));
        Assert.False(File.Exists(cache.PathOf("answer-migrations", key)), "a damaged entry is removed");
    }
}
