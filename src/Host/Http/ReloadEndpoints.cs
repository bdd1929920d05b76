using Metrics.Host.Roles.Reload;

namespace Metrics.Host.Http;

/// <summary>
/// <c>POST</c>/<c>PUT /-/reload</c>, Prometheus's and Alertmanager's lifecycle endpoint. Always on (as in
/// Alertmanager; Prometheus needs --web.enable-lifecycle): 200 once the new configuration is applied, 500 with
/// Prometheus's text when it is invalid, in which case the previous configuration keeps running.
/// </summary>
public static class ReloadEndpoints
{
    public static IEndpointRouteBuilder MapReloadEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/-/reload", ["POST", "PUT"], async (ConfigReloader reloader, CancellationToken ct) =>
            await reloader.ReloadAsync(ct).ConfigureAwait(false) is { } error
                ? Results.Text($"failed to reload config: {error}\n", statusCode: StatusCodes.Status500InternalServerError)
                : Results.Ok());
        return app;
    }
}
