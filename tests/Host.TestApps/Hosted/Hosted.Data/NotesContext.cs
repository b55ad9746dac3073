using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hosted.Data;

public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>Registered with AddDbContext by Hosted.App only: EF's tools find it through that application's service
/// provider. Writes to the console when created.</summary>
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
