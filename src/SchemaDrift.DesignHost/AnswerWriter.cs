using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchemaDrift.DesignHost;

/// <summary>
/// Writes the one JSON document of the protocol to the real stdout, on one line:
/// <c>{"version":1,"result":{...}}</c> or <c>{"version":1,"error":{"type":...,"message":...}}</c>.
/// </summary>
public sealed class AnswerWriter(Stream stdout)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // SQL is full of quotes and angle brackets; the answer is read by the tool, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void WriteResult(object result) => Write(new Answer(HostProtocol.Version, result, null));

    public void WriteError(HostErrorType type, string message, IReadOnlyList<string>? candidates, string? details) =>
        Write(new Answer(HostProtocol.Version, null, new AnswerError(type.ToString(), message, candidates, details)));

    private void Write(Answer answer)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, Options);
        stdout.Write(bytes);
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    private sealed record Answer(
        int Version,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Result,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AnswerError? Error);

    private sealed record AnswerError(
        string Type,
        string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Candidates,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details);
}
