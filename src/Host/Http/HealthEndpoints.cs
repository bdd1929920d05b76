namespace Metrics.Host.Http;

/// <summary>Prometheus's liveness and readiness probes.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/-/healthy", ["GET", "HEAD"], () => Results.Text("Metrics Server is Healthy.\n"));
        app.MapMethods("/-/ready", ["GET", "HEAD"], (ReadinessGate gate) => gate.IsReady
            ? Results.Text("Metrics Server is Ready.\n")
            : Results.Text("Service Unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
