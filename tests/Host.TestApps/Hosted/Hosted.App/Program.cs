using Hosted.Data;
using Microsoft.EntityFrameworkCore;
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
