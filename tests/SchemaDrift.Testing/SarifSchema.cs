using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SchemaDrift.Testing;

/// <summary>Validates SARIF logs against the published SARIF 2.1.0 JSON Schema (Schemas/README.md).</summary>
public static class SarifSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    /// <summary>The schema's error messages for <paramref name="sarif"/> (empty when it is valid), formats checked.</summary>
    public static IReadOnlyList<string> Validate(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    private static JsonSchema Load()
    {
        using var stream = typeof(SarifSchema).Assembly.GetManifestResourceStream("sarif-schema-2.1.0.json")
            ?? throw new InvalidOperationException("the SARIF schema is not embedded");
        var node = JsonNode.Parse(stream)!.AsObject();

        // Draft-04 read as draft 7: the keywords it uses mean the same (Schemas/README.md). Its draft-04 "id" is
        // dropped: every reference in it is local (#/definitions/…).
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");

        return JsonSchema.FromText(node.ToJsonString());
    }
}
