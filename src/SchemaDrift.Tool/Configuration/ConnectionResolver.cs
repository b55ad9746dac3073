using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Postgres.Connections;

namespace SchemaDrift.Tool.Configuration;

/// <summary>A database the user named: where it came from (an environment or a literal) and how to connect.</summary>
public sealed record DatabaseTarget(string Label, string? Environment, NpgsqlConnectionStringBuilder Connection)
{
    public string Display => ConnectionDisplay.Describe(Connection);
}

/// <summary>Resolves --connection / --from / --to / --env values: a connection string, a URL, or an environment name.</summary>
public static partial class ConnectionResolver
{
    public static DatabaseTarget Resolve(string value, SchemaDriftConfig config, Func<string, string?>? getVariable = null)
    {
        getVariable ??= System.Environment.GetEnvironmentVariable;
        if (LooksLikeConnection(value))
        {
            return new DatabaseTarget(Describe(value), null, Parse(Expand(value, "the connection string", getVariable), "the connection string"));
        }

        return ResolveEnvironment(value, config, getVariable);
    }

    public static DatabaseTarget ResolveEnvironment(string name, SchemaDriftConfig config, Func<string, string?>? getVariable = null)
    {
        getVariable ??= System.Environment.GetEnvironmentVariable;
        if (!config.Environments.TryGetValue(name, out var environment))
        {
            var known = config.Environments.Count == 0
                ? $"no {SchemaDriftConfig.FileName} with environments was found in {config.Directory}"
                : "known environments: " + string.Join(", ", config.Environments.Keys);
            throw ToolException.Usage($"Unknown environment '{name}' ({known}). Pass a connection string, a postgres:// URL, or an environment name.");
        }

        var where = $"environment '{name}'";
        var text = Expand(environment.Connection!, where, getVariable);
        return new DatabaseTarget(name, name, Parse(text, where));
    }

    /// <summary>
    /// The one database of a command that takes <c>--env NAME</c> or <c>--connection CONN</c>: exactly one of them,
    /// and a connection that looks like one (an environment name passed to --connection is a usage error).
    /// </summary>
    public static DatabaseTarget ResolveOne(string? environment, string? connection, SchemaDriftConfig config, string command, Func<string, string?>? getVariable = null)
    {
        if ((environment is null) == (connection is null))
        {
            throw ToolException.Usage($"{command} needs exactly one of --env NAME or --connection CONN.");
        }

        if (connection is not null && !LooksLikeConnection(connection))
        {
            throw ToolException.Usage("--connection needs a connection string (Host=...;Database=...) or a postgres:// URL; use --env for an environment name.");
        }

        return environment is not null ? ResolveEnvironment(environment, config, getVariable) : Resolve(connection!, config, getVariable);
    }

    /// <summary>
    /// The databases of a command that takes <c>--env NAME</c> (repeatable), <c>--all</c> (the default) or
    /// <c>--connection CONN</c>; unknown environments and missing variables are usage errors (exit 3).
    /// </summary>
    /// <param name="command">The command's verb, for the message when there is nothing to do ("Nothing to verify").</param>
    public static IReadOnlyList<DatabaseTarget> ResolveMany(
        IReadOnlyList<string> environments, bool all, string? connection, SchemaDriftConfig config, string command, Func<string, string?>? getVariable = null)
    {
        if (connection is not null && (environments.Count > 0 || all))
        {
            throw ToolException.Usage("--connection cannot be combined with --env or --all.");
        }

        if (connection is not null)
        {
            if (!LooksLikeConnection(connection))
            {
                throw ToolException.Usage("--connection needs a connection string (Host=...;Database=...) or a postgres:// URL; use --env for an environment name.");
            }

            return [Resolve(connection, config, getVariable)];
        }

        var names = environments.Count > 0 && !all
            ? environments.Distinct(StringComparer.Ordinal).ToList()
            : config.Environments.Keys.ToList();
        if (names.Count == 0)
        {
            throw ToolException.Usage($"Nothing to {command}: pass --env NAME or --connection CONN, or add environments to {SchemaDriftConfig.FileName}.");
        }

        return names.Select(name => ResolveEnvironment(name, config, getVariable)).ToList();
    }

    public static bool LooksLikeConnection(string value) =>
        ConnectionStringParser.IsUrl(value) || value.Contains('=') || value.Contains("${", StringComparison.Ordinal);

    private static string Describe(string value)
    {
        try
        {
            return ConnectionDisplay.Describe(ConnectionStringParser.Parse(value));
        }
        catch (InvalidConnectionStringException)
        {
            return "connection";
        }
    }

    private static NpgsqlConnectionStringBuilder Parse(string text, string where)
    {
        try
        {
            return ConnectionStringParser.Parse(text);
        }
        catch (InvalidConnectionStringException ex)
        {
            throw ToolException.Usage($"{ex.Message.TrimEnd('.')} (in {where}). Use Host=...;Database=...;Username=... or postgres://user@host:5432/db.");
        }
    }

    /// <summary>Replaces <c>${VAR}</c> with the variable's value; a missing variable is a usage error.</summary>
    public static string Expand(string text, string where, Func<string, string?> getVariable) =>
        !text.Contains("${", StringComparison.Ordinal) ? text : VariablePattern().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            return getVariable(name) is { Length: > 0 } value
                ? value
                : throw ToolException.Usage($"Environment variable {name} (used by {where}) is not set. Set it to a connection string or postgres:// URL.");
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}
