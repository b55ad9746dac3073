using System.Reflection;
using System.Runtime.Loader;

namespace SchemaDrift.DesignHost;

/// <summary>
/// Entry point of <c>schemadrift-host</c>. It runs inside the application's dependency context
/// (<c>dotnet exec --depsfile app.deps.json --runtimeconfig app.runtimeconfig.json schemadrift-host.dll ...</c>),
/// answers one request with one JSON document on the real stdout, and exits.
/// </summary>
/// <remarks>
/// This class must not mention an EF Core type, not even in a catch clause: it has to run (and answer
/// <see cref="HostErrorType.DesignNotReferenced"/>) when the application's EF Core assemblies cannot be loaded.
/// Everything that touches EF Core lives under EfCore/ and is reached through <see cref="RequestDispatcher"/>.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        HostTimings.RuntimeStarted();

        // Keep the real stdout for the answer, and send everything else written to Console.Out — the application's
        // own output and console loggers — to stderr, before any application code runs.
        var answerStream = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);

        // End the process once answered, even if the application left foreground threads running.
        var exitCode = Answer(args, answerStream);
        Environment.Exit(exitCode);
        return exitCode;
    }

    private static int Answer(string[] args, Stream answerStream)
    {
        var verbose = args.Contains("--verbose");
        var answer = new AnswerWriter(answerStream);
        try
        {
            var request = HostRequest.Parse(args);
            ApplicationAssemblies.AddResolver(request.StartupAssemblyPath ?? request.AssemblyPath);
            HostTimings.Measure("EF Core load", ApplicationAssemblies.EnsureEfCoreDesign);

            var result = RequestDispatcher.Run(request);
            HostTimings.Measure("answer", () => answer.WriteResult(result));
            if (verbose)
            {
                Console.Error.WriteLine(HostTimings.Describe());
            }

            return 0;
        }
        catch (HostException ex)
        {
            answer.WriteError(ex.Type, ex.Message, ex.Candidates, verbose ? ex.ToString() : null);
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var root = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            answer.WriteError(
                HostErrorType.Internal,
                $"{root.GetType().Name}: {root.Message}",
                candidates: null,
                verbose ? ex.ToString() : null);
            return 1;
        }
    }
}

/// <summary>Loads the application's assemblies the way EF's own <c>ef.dll</c> does.</summary>
internal static class ApplicationAssemblies
{
    public const string DesignAssemblyName = "Microsoft.EntityFrameworkCore.Design";

    /// <summary>
    /// The runtime resolves everything the application's deps.json lists from the deps.json's folder (the startup
    /// project's output) and the NuGet folders given with --additionalprobingpath. As in ef.dll, assemblies it cannot
    /// resolve (loaded by name without being listed) are looked for in the folder of the application's assembly.
    /// </summary>
    public static void AddResolver(string applicationAssemblyPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(applicationAssemblyPath))!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }

    /// <summary>Fails with <see cref="HostErrorType.DesignNotReferenced"/> when EF Core's design-time assembly is not
    /// part of the application (it is loaded from the application's deps.json, never from the host).</summary>
    public static void EnsureEfCoreDesign()
    {
        try
        {
            Assembly.Load(new AssemblyName(DesignAssemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
        {
            throw new HostException(
                HostErrorType.DesignNotReferenced,
                $"The startup project does not reference {DesignAssemblyName}, so its DbContext cannot be loaded at design time. " +
                $"Add it with 'dotnet add package {DesignAssemblyName}' and build again.",
                inner: ex);
        }
    }

    public static Assembly Load(string path, string role)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new HostException(
                HostErrorType.AssemblyNotLoaded,
                $"Could not load the {role} assembly '{name}' from the startup project's dependencies ({ex.GetType().Name}). " +
                "Make sure the startup project references the project that holds the DbContext, then build again.",
                inner: ex);
        }
    }
}
