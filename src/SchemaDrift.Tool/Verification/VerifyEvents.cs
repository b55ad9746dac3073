namespace SchemaDrift.Tool.Verification;

/// <summary>An environment was verified (or could not be): its summary is shown as soon as it is known.</summary>
public sealed record EnvironmentVerified(EnvironmentResult Result) : ToolEvent;

/// <summary>The migrations lock file was checked against the code, offline.</summary>
public sealed record LockFileChecked(LockFileResult Result) : ToolEvent;
