using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Http;

/// <summary>
/// The informational endpoints Grafana's Prometheus data source and Prometheus tooling call:
/// build and runtime info, flags, config, metadata and exemplars (we keep neither yet: empty).
/// </summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/api/v1");
        v1.MapGet("/status/buildinfo", (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, w =>
        {
            StatusInfo info = Info(ctx);
            w.WriteStartObject();
            w.WriteString("version", info.Version);
            w.WriteString("revision", info.Revision);
            w.WriteString("branch", "");
            w.WriteString("buildUser", "");
            w.WriteString("buildDate", "");
            w.WriteString("goVersion", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
            w.WriteEndObject();
        }));
        v1.MapGet("/status/runtimeinfo", (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, w =>
        {
            StatusInfo info = Info(ctx);
            w.WriteStartObject();
            w.WriteString("startTime", info.StartTime.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("CWD", Environment.CurrentDirectory);
            w.WriteBoolean("reloadConfigSuccess", info.ReloadConfigSuccess());
            w.WriteString("lastConfigTime", (info.LastConfigTime?.Invoke() ?? info.StartTime).UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("corruptionCount", 0);
            w.WriteNumber("goroutineCount", System.Threading.ThreadPool.ThreadCount);
            w.WriteNumber("GOMAXPROCS", Environment.ProcessorCount);
            w.WriteString("GOGC", "");
            w.WriteString("GODEBUG", "");
            w.WriteString("storageRetention", info.StorageRetention);
            w.WriteEndObject();
        }));
        v1.MapGet("/status/flags", (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, w =>
        {
            w.WriteStartObject();
            foreach (var (name, value) in Info(ctx).Flags.OrderBy(f => f.Key, StringComparer.Ordinal)) w.WriteString(name, value);
            w.WriteEndObject();
        }));
        v1.MapGet("/status/config", (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("yaml", Info(ctx).ConfigYaml());
            w.WriteEndObject();
        }));
        v1.MapGet("/metadata", (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, EmptyObject));
        v1.MapMethods("/query_exemplars", ["GET", "POST"], (HttpContext ctx) => ApiResults.WriteSuccessAsync(ctx, EmptyArray));
        return app;
    }

    private static StatusInfo Info(HttpContext ctx) => ctx.RequestServices.GetService<StatusInfo>() ?? new StatusInfo();

    private static void EmptyObject(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteEndObject();
    }

    private static void EmptyArray(Utf8JsonWriter w)
    {
        w.WriteStartArray();
        w.WriteEndArray();
    }
}
