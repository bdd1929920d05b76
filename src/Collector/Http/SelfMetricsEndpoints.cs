using Metrics.Collector.SelfMonitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Collector.Http;

/// <summary>Serves this process's own metrics at /metrics in the Prometheus text format.</summary>
public static class SelfMetricsEndpoints
{
    public static IEndpointRouteBuilder MapSelfMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (HttpContext ctx) =>
        {
            var writer = new TextExpositionWriter();
            ctx.RequestServices.GetRequiredService<MeterCollector>().WriteTo(writer);
            ProcessMetricsWriter.WriteTo(writer);
            return Results.Text(writer.ToString(), TextExpositionWriter.ContentType);
        });
        return app;
    }
}
