using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Tests.Configuration;

[Trait("Category", "Unit")]
public class ConfigLoaderTests
{
    [Fact]
    public void Reads_environments_ignore_rules_and_project_options()
    {
        var config = ConfigLoader.Parse("""
            {
              // comments are allowed (trailing commas are not)
              "project": "ShopApp.csproj",
              /* the context, when the project has several */
              "context": "ShopContext",
              "environments": {
                "dev": { "connection": "${DEV_DB}" },
                "production": { "connection": "Host=db;Database=shop", "promotedFrom": "dev", "protected": true }
              },
              "ignore": [ { "pattern": "public.tmp_*", "reason": "scratch tables" } ]
            }
            """, "/repo/schemadrift.json");

        Assert.Equal("ShopApp.csproj", config.Project);
        Assert.Equal("ShopContext", config.Context);
        Assert.Equal(["dev", "production"], config.Environments.Keys.Order());
        Assert.True(config.Environments["production"].Protected);
        Assert.Equal("dev", config.Environments["production"].PromotedFrom);
        Assert.Equal("public.tmp_*", Assert.Single(config.Ignore).Pattern);
        Assert.Equal("/repo", config.Directory);
    }

    [Fact]
    public void Members_the_file_leaves_out_keep_their_initial_values()
    {
        var config = ConfigLoader.Parse("{ \"lint\": {} }", "/repo/schemadrift.json");

        Assert.Empty(config.Schemas);
        Assert.Empty(config.Environments);
        Assert.Empty(config.Lint!.Ignore);
        Assert.Null(config.Project);
        foreach (var (read, initial) in new (object, object)[] { (config, new SchemaDriftConfig()), (config.Lint, new LintConfig()) })
        {
            foreach (var property in initial.GetType().GetProperties().Where(p => p.CanWrite && p.GetValue(initial) is not null))
            {
                Assert.NotNull(property.GetValue(read));
            }
        }
    }

    [Theory]
    [InlineData("{ \"environments\": { \"dev\": { \"connection\": } } }", "is not valid at line 1")]
    [InlineData("{ \"enviroments\": {} }", "is not valid")]
    [InlineData("{ \"environments\": { \"dev\": {} } }", "environment 'dev' has no \"connection\"")]
    [InlineData("{ \"environments\": { \"prod\": { \"connection\": \"x=y\", \"promotedFrom\": \"staging\" } } }", "promoted from 'staging', which is not defined")]
    [InlineData("{ \"environments\": { \"a\": { \"connection\": \"x=y\", \"promotedFrom\": \"b\" }, \"b\": { \"connection\": \"x=y\", \"promotedFrom\": \"a\" } } }", "cycle")]
    [InlineData("{ \"ignore\": [ { \"object\": \"public.t\" } ] }", "has no \"reason\"")]
    [InlineData("{ \"ignore\": [ { \"reason\": \"why\" } ] }", "exactly one of \"object\" or \"pattern\"")]
    [InlineData("null", "is empty")]
    public void Malformed_files_are_usage_errors_that_say_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<ToolException>(() => ConfigLoader.Parse(json, "/repo/schemadrift.json"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("/repo/schemadrift.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("{\n  \"environments\": {\n    \"dev\": { \"connection\": \"x=y\" },\n  }\n}", 3, 35)]
    [InlineData("{ \"schemas\": [\"shop\", \"ops\",], \"environments\": {} }", 1, 28)]
    [InlineData("{\r\n  \"project\": \"Café.csproj\",\r\n}", 2, 27)]
    [InlineData("{ \"project\": \"a.csproj\", // the app, with a comma\n }", 1, 24)]
    public void A_trailing_comma_is_a_usage_error_naming_its_line_and_column(string json, int line, int column)
    {
        var ex = Assert.Throws<ToolException>(() => ConfigLoader.Parse(json, "/repo/schemadrift.json"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Equal(
            $"/repo/schemadrift.json is not valid at line {line}, column {column}: a trailing comma (after the last member of an object or the last item of an array). Remove it and run again.",
            ex.Message);
    }

    [Fact]
    public void Other_syntax_errors_name_their_line_and_column_too()
    {
        var ex = Assert.Throws<ToolException>(() => ConfigLoader.Parse("{\n  \"project\": \"a\"\n  \"context\": \"b\"\n}", "/repo/schemadrift.json"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.StartsWith("/repo/schemadrift.json is not valid at line 3, column 3: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_default_file_is_an_empty_configuration_but_a_missing_explicit_file_is_an_error()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            Assert.Empty(ConfigLoader.Load(null, folder).Environments);
            var ex = Assert.Throws<ToolException>(() => ConfigLoader.Load(Path.Combine(folder, "nope.json"), folder));
            Assert.Contains("not found", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
