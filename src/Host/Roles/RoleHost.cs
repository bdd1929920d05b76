namespace Metrics.Host.Roles;

/// <summary>The web host every role starts from: JSON console logs and one listen address.</summary>
internal static class RoleHost
{
    public static WebApplicationBuilder CreateBuilder(ListenAddress address)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddJsonConsole(o =>
        {
            o.IncludeScopes = false;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // ASP.NET logs every request at Information; at thousands of writes per second that is the bottleneck.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => address.Bind(k));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Prints a startup error the way every role does and returns the exit code.</summary>
    public static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("error: " + message).ConfigureAwait(false);
        return 1;
    }
}
