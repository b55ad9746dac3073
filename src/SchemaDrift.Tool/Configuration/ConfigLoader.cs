using System.Text.Json;

namespace SchemaDrift.Tool.Configuration;

/// <summary>Finds and reads <c>schemadrift.json</c>; malformed files are usage errors naming the line.</summary>
public static class ConfigLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads <paramref name="explicitPath"/> when given (it must exist), else schemadrift.json in
    /// <paramref name="directory"/> when present, else an empty configuration.</summary>
    public static SchemaDriftConfig Load(string? explicitPath, string directory)
    {
        var path = explicitPath ?? Path.Combine(directory, SchemaDriftConfig.FileName);
        if (!File.Exists(path))
        {
            if (explicitPath is not null)
            {
                throw ToolException.Usage($"Configuration file '{explicitPath}' not found. Check the --config path.");
            }

            return new SchemaDriftConfig { Directory = Path.GetFullPath(directory) };
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static SchemaDriftConfig Parse(string json, string path)
    {
        SchemaDriftConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SchemaDriftConfig>(json, Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : string.Empty;
            var what = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw ToolException.Usage($"{path} is not valid{where}: {what} Fix the file and run again.");
        }

        if (config is null)
        {
            throw ToolException.Usage($"{path} is empty. Write a JSON object, e.g. {{ \"environments\": {{}} }}.");
        }

        Validate(config, path);
        return config with { Directory = Path.GetDirectoryName(Path.GetFullPath(path)) };
    }

    private static void Validate(SchemaDriftConfig config, string path)
    {
        foreach (var (name, environment) in config.Environments)
        {
            if (string.IsNullOrWhiteSpace(environment.Connection))
            {
                throw ToolException.Usage($"{path}: environment '{name}' has no \"connection\". Add one, e.g. \"connection\": \"${{DB_URL}}\".");
            }

            if (environment.PromotedFrom is { } from && !config.Environments.ContainsKey(from))
            {
                throw ToolException.Usage($"{path}: environment '{name}' is promoted from '{from}', which is not defined.");
            }
        }

        foreach (var rule in config.Ignore)
        {
            if (string.IsNullOrWhiteSpace(rule.Object) == string.IsNullOrWhiteSpace(rule.Pattern))
            {
                throw ToolException.Usage($"{path}: each ignore rule needs exactly one of \"object\" or \"pattern\".");
            }

            if (string.IsNullOrWhiteSpace(rule.Reason))
            {
                throw ToolException.Usage($"{path}: ignore rule '{rule.Object ?? rule.Pattern}' has no \"reason\". Say why the difference is accepted.");
            }
        }

        CheckPromotionCycles(config, path);
    }

    private static void CheckPromotionCycles(SchemaDriftConfig config, string path)
    {
        foreach (var start in config.Environments.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { start };
            for (var current = config.Environments[start].PromotedFrom; current is not null; current = config.Environments[current].PromotedFrom)
            {
                if (!seen.Add(current))
                {
                    throw ToolException.Usage($"{path}: environments are promoted in a cycle ({string.Join(" → ", seen)} → {current}).");
                }
            }
        }
    }
}
