using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>The "backup" block of an environment, and the command line over it.</summary>
public class BackupSettingsTests
{
    private static readonly SchemaDriftConfig Config = ConfigLoader.Parse("""
        {
          "environments": {
            "production": { "connection": "Host=db;Database=shop", "backup": { "dir": "backups/prod", "mode": "schema", "timeout": "2h" } },
            "staging": { "connection": "Host=db;Database=staging" }
          }
        }
        """, "/repo/schemadrift.json");

    [Fact]
    public void The_environments_block_is_read_relative_to_the_configuration_file()
    {
        var settings = Resolve(null, null, null, "production")!;

        Assert.Equal(Path.GetFullPath("/repo/backups/prod"), settings.Directory);
        Assert.Equal(BackupMode.Schema, settings.Mode);
        Assert.Equal(TimeSpan.FromHours(2), settings.Timeout);
    }

    [Fact]
    public void The_command_line_overrides_the_block_relative_to_the_current_folder()
    {
        var settings = Resolve("dumps", "FULL", "0", "production")!;

        Assert.Equal(Path.GetFullPath("/work/dumps"), settings.Directory);
        Assert.Equal(BackupMode.Full, settings.Mode);
        Assert.Equal(Timeout.InfiniteTimeSpan, settings.Timeout);
    }

    [Fact]
    public void Without_a_folder_no_backup_is_asked_for_and_a_full_one_within_an_hour_is_the_default()
    {
        Assert.Null(Resolve(null, null, null, "staging"));
        var settings = Resolve("/dumps", null, null, "staging")!;
        Assert.Equal(BackupMode.Full, settings.Mode);
        Assert.Equal(TimeSpan.FromHours(1), settings.Timeout);
    }

    [Theory]
    [InlineData("dumps", "incremental", null, "--backup-mode 'incremental' is not a backup mode. Use schema")]
    [InlineData(null, "schema", null, "--backup-mode needs a folder for the dump: pass --backup DIR")]
    [InlineData("dumps", null, "soon", "is not a duration")]
    public void A_mode_or_timeout_that_cannot_be_used_is_a_usage_error(string? dir, string? mode, string? timeout, string expected)
    {
        var ex = Assert.Throws<ToolException>(() => Resolve(dir, mode, timeout, "staging"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"mode\": \"full\" }", "environment 'production': \"backup\" needs \"dir\"")]
    [InlineData("{ \"dir\": \"b\", \"mode\": \"incremental\" }", "\"backup\" has mode 'incremental'. Use \"schema\"")]
    [InlineData("{ \"dir\": \"b\", \"timeout\": \"soon\" }", "timeout 'soon' is not a duration")]
    [InlineData("{ \"dir\": \"b\", \"compress\": 9 }", "is not valid")]
    [InlineData("\"backups\"", "is not valid")]
    public void A_malformed_backup_block_is_a_usage_error_naming_the_environment_and_the_fix(string block, string expected)
    {
        var ex = Assert.Throws<ToolException>(() => ConfigLoader.Parse(
            $"{{ \"environments\": {{ \"production\": {{ \"connection\": \"Host=db\", \"backup\": {block} }} }} }}", "/repo/schemadrift.json"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("/repo/schemadrift.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static BackupSettings? Resolve(string? dir, string? mode, string? timeout, string environment) =>
        BackupSettings.Resolve(dir, mode, timeout, Config.Environments[environment], Config, "/work", BackupSettings.ApplyOptions);
}
