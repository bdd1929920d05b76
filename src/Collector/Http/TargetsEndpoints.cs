using System.Globalization;
using Metrics.Collector.Scrape;
using Metrics.Store.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Collector.Http;

/// <summary>Prometheus's /api/v1/targets: each target's labels, health, last error and timings.</summary>
public static class TargetsEndpoints
{
    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/targets", (HttpContext ctx) =>
        {
            ScrapeManager manager = ctx.RequestServices.GetRequiredService<ScrapeManager>();
            var active = manager.Loops
                .OrderBy(l => l.Target.Job, StringComparer.Ordinal).ThenBy(l => l.Target.Instance, StringComparer.Ordinal)
                .Select(l => Describe(l))
                .ToList();
            return Results.Json(new Dictionary<string, object>
            {
                ["status"] = "success",
                ["data"] = new Dictionary<string, object> { ["activeTargets"] = active, ["droppedTargets"] = Array.Empty<object>() },
            });
        });
        return app;
    }

    private static Dictionary<string, object?> Describe(ScrapeLoop loop)
    {
        ScrapeReport? r = loop.LastReport;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Label l in loop.Target.Labels.AsSpan()) labels[l.Name] = l.Value;
        return new Dictionary<string, object?>
        {
            ["labels"] = labels,
            ["scrapePool"] = loop.Target.Job,
            ["scrapeUrl"] = loop.Target.Url.ToString(),
            ["health"] = (r?.Health ?? TargetHealth.Unknown).ToString().ToLowerInvariant(),
            ["lastError"] = r?.Error ?? "",
            ["lastScrape"] = r?.Time.ToString("o", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
            ["lastScrapeDuration"] = r?.Duration.TotalSeconds ?? 0,
            ["scrapeInterval"] = Store.Time.PromDuration.Format(loop.Target.Interval),
            ["scrapeTimeout"] = Store.Time.PromDuration.Format(loop.Target.Timeout),
        };
    }
}
