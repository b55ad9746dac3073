using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SchemaDrift.DesignHost.EfCore;

namespace SchemaDrift.DesignHost;

/// <summary>Runs one request. The first class on the call path that touches EF Core (through EfCore/).</summary>
internal static class RequestDispatcher
{
    public static object Run(HostRequest request)
    {
        var reporter = new StderrReporter(request.Verbose);
        var (assembly, startupAssembly) = HostTimings.Measure("application load", () =>
        {
            var project = ApplicationAssemblies.Load(request.AssemblyPath, "project");
            return (project, request.StartupAssemblyPath is { } startup ? ApplicationAssemblies.Load(startup, "startup project") : project);
        });
        reporter.WriteVerbose($"Using project assembly {assembly.Location}");
        reporter.WriteVerbose($"Using startup assembly {startupAssembly.Location}");
        reporter.WriteVerbose($"Using EF Core {ProductInfo.GetVersion()} from {typeof(DbContext).Assembly.Location}");
        var contexts = new DesignTimeContexts(request, reporter, assembly, startupAssembly);

        return request.Command switch
        {
            HostProtocol.Contexts => new ContextsInfo(contexts.List()),
            HostProtocol.Migrations => MigrationsReader.Read(contexts, request.Context, request.Parts),
            HostProtocol.Scaffold => MigrationScaffolding.Scaffold(contexts, request),
            _ => throw new HostException(HostErrorType.Internal, $"Unknown request '{request.Command}'."),
        };
    }
}
