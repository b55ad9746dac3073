namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>The CI systems whose own commands the tool writes (<c>--ci</c>).</summary>
public enum CiSystem
{
    None,
    GitHub,
    Azure,
    GitLab,
}

/// <summary>Reads <c>--ci auto|github|azure|gitlab|none</c>; <c>auto</c> detects the CI from its own variables.</summary>
public static class CiDetection
{
    public const string Values = "auto, github, azure, gitlab or none";

    /// <summary>Whether <paramref name="value"/> is a valid <c>--ci</c> value (null is <c>auto</c>).</summary>
    public static bool IsValid(string? value) =>
        value is null || value.Trim().ToLowerInvariant() is "auto" or "github" or "azure" or "gitlab" or "none";

    /// <summary>
    /// The CI to write for: the one named, or with <c>auto</c> GitHub Actions (<c>GITHUB_ACTIONS=true</c>), Azure
    /// Pipelines (<c>TF_BUILD=True</c>), GitLab CI (<c>GITLAB_CI=true</c>), else none.
    /// </summary>
    public static CiSystem Resolve(string? value, Func<string, string?> getVariable) => value?.Trim().ToLowerInvariant() switch
    {
        "github" => CiSystem.GitHub,
        "azure" => CiSystem.Azure,
        "gitlab" => CiSystem.GitLab,
        "none" => CiSystem.None,
        null or "auto" => Detect(getVariable),
        _ => throw ToolException.Usage($"--ci '{value}' is not a CI system. Use {Values}."),
    };

    private static CiSystem Detect(Func<string, string?> getVariable)
    {
        bool Set(string name) => getVariable(name) is { Length: > 0 } value && value.Equals("true", StringComparison.OrdinalIgnoreCase);
        return Set("GITHUB_ACTIONS") ? CiSystem.GitHub
            : Set("TF_BUILD") ? CiSystem.Azure
            : Set("GITLAB_CI") ? CiSystem.GitLab
            : CiSystem.None;
    }
}
