using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Tests.Configuration;

[Trait("Category", "Unit")]
public class ConnectionResolverTests
{
    private static readonly SchemaDriftConfig Config = ConfigLoader.Parse("""
        { "environments": {
            "dev": { "connection": "${SHOP_DEV_DB}" },
            "staging": { "connection": "postgres://app:s3cr%40t@db.internal:6543/shop?sslmode=require" } } }
        """, "/repo/schemadrift.json");

    private static string? Variables(string name) => name switch
    {
        "SHOP_DEV_DB" => "Host=localhost;Port=5433;Database=shop_dev;Username=dev;Password=hunter2",
        _ => null,
    };

    [Fact]
    public void An_environment_name_expands_its_variable()
    {
        var target = ConnectionResolver.Resolve("dev", Config, Variables);

        Assert.Equal("dev", target.Environment);
        Assert.Equal("localhost", target.Connection.Host);
        Assert.Equal(5433, target.Connection.Port);
        Assert.Equal("shop_dev", target.Connection.Database);
        Assert.Equal("hunter2", target.Connection.Password);
        Assert.DoesNotContain("hunter2", target.Display);
        Assert.DoesNotContain("hunter2", target.Label);
    }

    [Fact]
    public void A_url_is_decoded_into_an_npgsql_connection()
    {
        var target = ConnectionResolver.Resolve("staging", Config, Variables);

        Assert.Equal("db.internal", target.Connection.Host);
        Assert.Equal(6543, target.Connection.Port);
        Assert.Equal("shop", target.Connection.Database);
        Assert.Equal("app", target.Connection.Username);
        Assert.Equal("s3cr@t", target.Connection.Password);
        Assert.Equal(Npgsql.SslMode.Require, target.Connection.SslMode);
        Assert.Equal("app@db.internal:6543/shop", target.Display);
    }

    [Fact]
    public void A_literal_connection_string_is_used_as_is_and_labelled_without_its_password()
    {
        var target = ConnectionResolver.Resolve("Host=h;Database=d;Username=u;Password=topsecret", Config, Variables);

        Assert.Null(target.Environment);
        Assert.Equal("h", target.Connection.Host);
        Assert.DoesNotContain("topsecret", target.Label);
    }

    [Fact]
    public void An_unknown_environment_lists_the_known_ones()
    {
        var ex = Assert.Throws<ToolException>(() => ConnectionResolver.Resolve("prod", Config, Variables));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("Unknown environment 'prod'", ex.Message);
        Assert.Contains("dev, staging", ex.Message);
    }

    [Fact]
    public void An_unset_variable_is_named_with_where_it_is_used()
    {
        var ex = Assert.Throws<ToolException>(() => ConnectionResolver.Resolve("dev", Config, _ => null));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("SHOP_DEV_DB", ex.Message);
        Assert.Contains("environment 'dev'", ex.Message);
    }

    [Theory]
    [InlineData("postgres://")]
    [InlineData("postgres://user:pw@:5432/db")]
    [InlineData("Host=h;Bogus Keyword=1;Password=pw")]
    public void Malformed_connections_are_usage_errors_without_the_password(string value)
    {
        var ex = Assert.Throws<ToolException>(() => ConnectionResolver.Resolve(value, Config, Variables));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.StartsWith("Invalid connection string", ex.Message);
        Assert.DoesNotContain("pw", ex.Message.Replace("password", string.Empty, StringComparison.OrdinalIgnoreCase));
    }
}
