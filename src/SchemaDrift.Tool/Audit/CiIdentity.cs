namespace SchemaDrift.Tool.Audit;

/// <summary>Who is running: the OS user and host, and the pipeline's commit, run id and URL from the usual CI variables.</summary>
public sealed record CiIdentity(string? OsUser, string? Host, string? Commit, string? RunId, string? RunUrl)
{
    /// <summary>Reads GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, CircleCI, Bitbucket and Buildkite variables, in that order.</summary>
    public static CiIdentity FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= System.Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;

        string? commit = null, runId = null, runUrl = null;
        if (Get("GITHUB_ACTIONS") is not null)
        {
            commit = Get("GITHUB_SHA");
            runId = Get("GITHUB_RUN_ID");
            if (Get("GITHUB_SERVER_URL") is { } server && Get("GITHUB_REPOSITORY") is { } repository && runId is not null)
            {
                runUrl = $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}";
            }
        }
        else if (Get("GITLAB_CI") is not null)
        {
            (commit, runId, runUrl) = (Get("CI_COMMIT_SHA"), Get("CI_PIPELINE_ID"), Get("CI_PIPELINE_URL") ?? Get("CI_JOB_URL"));
        }
        else if (Get("TF_BUILD") is not null)
        {
            commit = Get("BUILD_SOURCEVERSION");
            runId = Get("BUILD_BUILDID");
            if (Get("SYSTEM_COLLECTIONURI") is { } collection && Get("SYSTEM_TEAMPROJECT") is { } project && runId is not null)
            {
                runUrl = $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={runId}";
            }
        }
        else if (Get("JENKINS_URL") is not null)
        {
            (commit, runId, runUrl) = (Get("GIT_COMMIT"), Get("BUILD_TAG") ?? Get("BUILD_NUMBER"), Get("BUILD_URL"));
        }
        else if (Get("CIRCLECI") is not null)
        {
            (commit, runId, runUrl) = (Get("CIRCLE_SHA1"), Get("CIRCLE_WORKFLOW_ID") ?? Get("CIRCLE_BUILD_NUM"), Get("CIRCLE_BUILD_URL"));
        }
        else if (Get("BITBUCKET_BUILD_NUMBER") is not null)
        {
            (commit, runId) = (Get("BITBUCKET_COMMIT"), Get("BITBUCKET_BUILD_NUMBER"));
            if (Get("BITBUCKET_GIT_HTTP_ORIGIN") is { } origin)
            {
                runUrl = $"{origin.TrimEnd('/')}/addon/pipelines/home#!/results/{runId}";
            }
        }
        else if (Get("BUILDKITE") is not null)
        {
            (commit, runId, runUrl) = (Get("BUILDKITE_COMMIT"), Get("BUILDKITE_BUILD_ID"), Get("BUILDKITE_BUILD_URL"));
        }

        return new CiIdentity(CurrentOsUser(), HostName(), commit, runId, runUrl);
    }

    /// <summary>True in a pipeline: a CI variable is set (no one can answer a prompt there).</summary>
    public static bool InPipeline(Func<string, string?>? getVariable = null)
    {
        getVariable ??= System.Environment.GetEnvironmentVariable;
        return new[] { "CI", "TF_BUILD", "JENKINS_URL", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "BITBUCKET_BUILD_NUMBER" }
            .Any(name => getVariable(name) is { Length: > 0 } value && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0");
    }

    private static string? CurrentOsUser()
    {
        try
        {
            return System.Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? HostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return System.Environment.MachineName;
        }
    }
}
