using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Noise on stdout before, during and after the host is built: the design-time host must keep its answer clean.
Console.WriteLine("Hosted test application starting");
Console.WriteLine("{\"version\":1,\"result\":{\"contexts\":[]}}");
Console.Out.Flush();

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders().AddConsole();
builder.Services.AddDbContext<NotesContext>(options => options
    .UseNpgsql("Host=127.0.0.1;Port=9;Database=never;Username=never;Timeout=1")
    .AddInterceptors(new NoConnection()));

using var host = builder.Build();
host.Services.GetRequiredService<ILogger<NotesContext>>().LogInformation("Hosted test application built its host");
await host.RunAsync();

public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>Registered with AddDbContext only: EF's tools find it through the application's service provider.</summary>
public sealed class NotesContext : DbContext
{
    public NotesContext(DbContextOptions<NotesContext> options, ILogger<NotesContext> logger)
        : base(options)
    {
        Console.WriteLine("NotesContext created");
        logger.LogWarning("NotesContext created (console logger)");
    }

    public DbSet<Note> Notes => Set<Note>();
}

/// <summary>Fails every attempt to open a connection: design-time loading must never connect.</summary>
public sealed class NoConnection : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        throw new InvalidOperationException("A connection was opened at design time.");

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A connection was opened at design time.");
}
