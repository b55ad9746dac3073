using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Internal;

using ContextInfo = SchemaDrift.Protocol.ContextInfo;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// Finds and creates the application's DbContext types with EF's own design-time logic
/// (<see cref="DbContextOperations"/>): an <c>IDesignTimeDbContextFactory&lt;T&gt;</c>, the application's service
/// provider (its host builder), or a parameterless constructor, in EF's order. EF's failures are mapped to the
/// protocol's error types.
/// </summary>
internal sealed class DesignTimeContexts
{
    private readonly DbContextOperations _operations;
    private readonly string _assemblyName;

    public DesignTimeContexts(HostRequest request, IOperationReporter reporter, Assembly assembly, Assembly startupAssembly)
    {
        Reporter = reporter;
        Assembly = assembly;
        StartupAssembly = startupAssembly;
        Arguments = [.. request.ApplicationArguments];
        CacheDirectory = request.CacheDirectory;
        _assemblyName = assembly.GetName().Name!;
        _operations = new DbContextOperations(
            reporter,
            assembly,
            startupAssembly,
            project: request.Project ?? string.Empty,
            projectDir: request.ProjectDir ?? Directory.GetCurrentDirectory(),
            rootNamespace: request.RootNamespace ?? _assemblyName,
            language: "C#",
            nullable: false,
            args: Arguments);
    }

    public IOperationReporter Reporter { get; }

    public Assembly Assembly { get; }

    public Assembly StartupAssembly { get; }

    public string[] Arguments { get; }

    /// <summary>Where what depends only on a migration's code may be kept across builds (<see cref="HostProtocol.CacheDirectory"/>).</summary>
    public string? CacheDirectory { get; }

    public IReadOnlyList<ContextInfo> List()
    {
        try
        {
            return [.. _operations.GetContextTypes().Select(Describe).OrderBy(c => c.FullName, StringComparer.Ordinal)];
        }
        catch (OperationException ex)
        {
            throw new HostException(HostErrorType.ContextCreationFailed, FindFailed(ex), inner: ex);
        }
    }

    /// <summary>Creates the context named <paramref name="name"/> (EF's rules: short, full or assembly-qualified name,
    /// case-insensitive first), or the only one when no name is given. No connection is opened.</summary>
    public DbContext Create(string? name)
    {
        try
        {
            return _operations.CreateContext(string.IsNullOrEmpty(name) ? null : name);
        }
        catch (OperationException ex)
        {
            throw Classify(ex, name);
        }
    }

    public static ContextInfo Describe(Type type) => new(type.Name, type.FullName ?? type.Name);

    private HostException Classify(OperationException ex, string? name)
    {
        var message = ex.Message;
        if (message == DesignStrings.NoContext(_assemblyName))
        {
            return new HostException(
                HostErrorType.NoContext,
                $"No DbContext was found in assembly '{_assemblyName}'. Check --project (the project that holds the DbContext) " +
                "and that the context class is public, neither abstract nor generic.",
                inner: ex);
        }

        if (message == DesignStrings.MultipleContexts)
        {
            var names = CandidateNames();
            return new HostException(
                HostErrorType.AmbiguousContext,
                $"More than one DbContext was found ({string.Join(", ", names)}). Pass --context NAME to choose one.",
                names,
                ex);
        }

        if (name is not null
            && (message == DesignStrings.MultipleContextsWithName(name) || message == DesignStrings.MultipleContextsWithQualifiedName(name)))
        {
            var names = SafeList()
                .Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                .Select(c => c.FullName)
                .ToList();
            return new HostException(
                HostErrorType.AmbiguousContext,
                $"More than one DbContext is named '{name}' ({string.Join(", ", names)}). Pass --context with the full name.",
                names,
                ex);
        }

        if (name is not null && message == DesignStrings.NoContextWithName(name))
        {
            var names = CandidateNames();
            var known = names.Count == 0 ? "none was found" : "found: " + string.Join(", ", names);
            return new HostException(
                HostErrorType.ContextNotFound,
                $"No DbContext named '{name}' ({known}). Pass --context with one of these names.",
                names,
                ex);
        }

        if (ex.InnerException is { } cause && message == DesignStrings.CannotFindDbContextTypes(cause.Message))
        {
            return new HostException(HostErrorType.ContextCreationFailed, FindFailed(ex), inner: ex);
        }

        var root = Root(ex);
        var which = string.IsNullOrEmpty(name) ? "the DbContext" : $"DbContext '{name}'";
        return new HostException(
            HostErrorType.ContextCreationFailed,
            $"The application threw while creating {which}: {root.Message.TrimEnd()} " +
            "Check its IDesignTimeDbContextFactory, its constructor or its host's service registrations (see --verbose).",
            inner: ex);
    }

    private static string FindFailed(OperationException ex) =>
        $"The application threw while its DbContext types were being looked up: {Root(ex).Message.TrimEnd()} " +
        "Check the application's host builder and IDesignTimeDbContextFactory (see --verbose).";

    private static Exception Root(Exception ex)
    {
        var root = ex.InnerException ?? ex;
        while (root is TargetInvocationException { InnerException: { } inner })
        {
            root = inner;
        }

        return root;
    }

    /// <summary>The names to suggest for --context: short names, full names where short ones collide.</summary>
    private List<string> CandidateNames()
    {
        var contexts = SafeList();
        var duplicated = contexts.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. contexts.Select(c => duplicated.Contains(c.Name) ? c.FullName : c.Name)];
    }

    private IReadOnlyList<ContextInfo> SafeList()
    {
        try
        {
            return List();
        }
        catch (HostException)
        {
            return [];
        }
    }
}
