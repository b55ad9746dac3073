using System.Text;
using System.Text.Json;

namespace SchemaDrift.Tool.Configuration;

/// <summary>
/// Finds and reads <c>schemadrift.json</c>, strictly: JSON as RFC 8259 has it, plus <c>//</c> and <c>/* */</c>
/// comments (documented in the README); a trailing comma, an unknown member or a value of the wrong type is a usage
/// error (exit 3) naming the line and column.
/// </summary>
public static class ConfigLoader
{
    private static readonly ConfigJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    });

    // Only to tell a trailing comma from other syntax errors: a file this reads, and the strict options do not, has one.
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

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
            config = JsonSerializer.Deserialize(json, Json.SchemaDriftConfig);
        }
        catch (JsonException ex)
        {
            throw ToolException.Usage(Describe(json, path, ex));
        }

        if (config is null)
        {
            throw ToolException.Usage($"{path} is empty. Write a JSON object, e.g. {{ \"environments\": {{}} }}.");
        }

        Validate(config, path);
        return config with { Directory = Path.GetDirectoryName(Path.GetFullPath(path)) };
    }

    /// <summary>Where the file is wrong (line and column, 1-based) and what to do about it.</summary>
    private static string Describe(string json, string path, JsonException ex)
    {
        if (ex.LineNumber is not { } line)
        {
            return $"{path} is not valid: {Reason(ex)} Fix the file and run again.";
        }

        var (row, column) = ((int)line, Column(json, (int)line, ex.BytePositionInLine ?? 0));
        if (TrailingComma(json, row, column) is { } comma)
        {
            return $"{path} is not valid at line {comma.Row + 1}, column {comma.Column}: a trailing comma (after the last member of an object or the last item of an array). Remove it and run again.";
        }

        return $"{path} is not valid at line {row + 1}, column {column}: {Reason(ex)} Fix the file and run again.";
    }

    /// <summary>The reader's own words, without its path and position suffixes.</summary>
    private static string Reason(JsonException ex) => ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];

    /// <summary>The 1-based column (in characters) of a byte offset in a 0-based line.</summary>
    private static int Column(string json, int row, long bytesInLine)
    {
        var bytes = Encoding.UTF8.GetBytes(Lines(json).ElementAtOrDefault(row) ?? string.Empty);
        return Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Clamp(bytesInLine, 0, bytes.Length)) + 1;
    }

    private static string[] Lines(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>
    /// The position of the comma when the error is a trailing comma: the file parses once trailing commas are allowed,
    /// and the last character before the error position, outside comments and white space, is a comma.
    /// </summary>
    private static (int Row, int Column)? TrailingComma(string json, int row, int column)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException)
        {
            return null;
        }

        var lines = Lines(json);
        var text = string.Join('\n', lines);
        var error = lines.Take(row).Sum(l => l.Length + 1) + column - 1;
        var last = -1;
        for (var i = 0; i < Math.Min(error, text.Length); i++)
        {
            if (text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    i += text[i] == '\\' ? 1 : 0;
                }

                last = i;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] is '/' or '*')
            {
                var end = text[i + 1] == '/' ? text.IndexOf('\n', i) : text.IndexOf("*/", i + 2, StringComparison.Ordinal) + 1;
                i = end <= 0 ? text.Length : end;
            }
            else if (!char.IsWhiteSpace(text[i]))
            {
                last = i;
            }
        }

        if (last < 0 || text[last] != ',')
        {
            return (row, column);
        }

        var commaRow = text[..last].Count(c => c == '\n');
        return (commaRow, last - (text.LastIndexOf('\n', Math.Max(last - 1, 0)) + 1) + 1);
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

            environment.Backup?.Validate($"{path}: environment '{name}'");
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
        NotifyChannelConfig.Validate(config.Notify, path);
        LintConfig.Validate(config.Lint, path);
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
