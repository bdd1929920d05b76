using System.Buffers;
using System.Net;
using System.Text.Json;
using Metrics.Collector.Scrape;
using Metrics.Store.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Collector.Http;

/// <summary>
/// Prometheus's /api/v1/targets, field for field: active targets with their discovered and final labels,
/// health, last error and timings, and the targets relabeling dropped; <c>state</c> filters
/// (<c>active</c>, <c>dropped</c>, <c>any</c>; anything else lists neither, as Prometheus does).
/// </summary>
public static class TargetsEndpoints
{
    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/targets", (HttpContext ctx) =>
        {
            ScrapeManager manager = ctx.RequestServices.GetRequiredService<ScrapeManager>();
            string state = ctx.Request.Query["state"].ToString().Trim().ToLowerInvariant();
            bool showActive = state is "" or "any" or "active";
            bool showDropped = state is "" or "any" or "dropped";
            var self = new SelfAddress(Dns.GetHostName(), ctx.Connection.LocalPort, ctx.Request.Scheme);

            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("status", "success");
                json.WriteStartObject("data");
                json.WriteStartArray("activeTargets");
                if (showActive)
                {
                    foreach (ScrapeLoop loop in manager.Loops
                        .OrderBy(l => l.Target.Job, StringComparer.Ordinal).ThenBy(l => l.Target.Url.OriginalString, StringComparer.Ordinal))
                    {
                        WriteActive(json, loop, self);
                    }
                }
                json.WriteEndArray();
                json.WriteStartArray("droppedTargets");
                if (showDropped)
                {
                    foreach (DroppedTarget d in manager.DroppedTargets)
                    {
                        json.WriteStartObject();
                        WriteLabels(json, "discoveredLabels", d.DiscoveredLabels);
                        json.WriteEndObject();
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            return Results.Bytes(buffer.WrittenMemory, "application/json");
        });
        return app;
    }

    private static void WriteActive(Utf8JsonWriter json, ScrapeLoop loop, SelfAddress self)
    {
        ScrapeTarget t = loop.Target;
        ScrapeReport? r = loop.LastReport;
        json.WriteStartObject();
        WriteLabels(json, "discoveredLabels", t.DiscoveredLabels);
        WriteLabels(json, "labels", t.Labels);
        json.WriteString("scrapePool", t.Job);
        json.WriteString("scrapeUrl", t.Url.OriginalString);
        json.WriteString("globalUrl", GlobalUrl.For(t.Url, self.Host, self.Port, self.Scheme));
        json.WriteString("lastError", r?.Error ?? "");
        json.WriteString("lastScrape", r is null ? GoTime.Zero : GoTime.Format(r.Time));
        json.WriteNumber("lastScrapeDuration", r?.Duration.TotalSeconds ?? 0);
        json.WriteString("health", (r?.Health ?? TargetHealth.Unknown) switch
        {
            TargetHealth.Up => "up",
            TargetHealth.Down => "down",
            _ => "unknown",
        });
        json.WriteString("scrapeInterval", Store.Time.PromDuration.Format(t.Interval));
        json.WriteString("scrapeTimeout", Store.Time.PromDuration.Format(t.Timeout));
        json.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter json, string name, LabelSet labels)
    {
        json.WriteStartObject(name);
        foreach (Label l in labels.AsSpan()) json.WriteString(l.Name, l.Value);
        json.WriteEndObject();
    }

    private readonly record struct SelfAddress(string Host, int Port, string Scheme);
}
