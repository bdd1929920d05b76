using System.Globalization;
using System.Text.Json;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Templating;
using Metrics.Store.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Alerting.Http;

/// <summary>Prometheus's <c>/api/v1/rules</c> and <c>/api/v1/alerts</c>, field for field; only translates the rule manager's state to JSON.</summary>
public static class RulesEndpoints
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/rules", RulesAsync);
        app.MapGet("/api/v1/alerts", AlertsAsync);
        return app;
    }

    private static async Task RulesAsync(HttpContext ctx)
    {
        string type = (ctx.Request.Query["type"].ToString() ?? "").ToLowerInvariant();
        if (type is not ("" or "alert" or "record"))
        {
            await WriteAsync(ctx, StatusCodes.Status400BadRequest, w =>
            {
                w.WriteString("status", "error");
                w.WriteString("errorType", "bad_data");
                w.WriteString("error", $"not supported value \"{type}\"");
            }).ConfigureAwait(false);
            return;
        }
        RuleManager manager = ctx.RequestServices.GetRequiredService<RuleManager>();
        await WriteAsync(ctx, StatusCodes.Status200OK, w =>
        {
            w.WriteString("status", "success");
            w.WriteStartObject("data");
            w.WriteStartArray("groups");
            foreach (RuleGroup group in manager.Groups) WriteGroup(w, group, type);
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task AlertsAsync(HttpContext ctx)
    {
        RuleManager manager = ctx.RequestServices.GetRequiredService<RuleManager>();
        await WriteAsync(ctx, StatusCodes.Status200OK, w =>
        {
            w.WriteString("status", "success");
            w.WriteStartObject("data");
            w.WriteStartArray("alerts");
            foreach (RuleGroup group in manager.Groups)
                foreach (AlertingRule rule in group.Rules.OfType<AlertingRule>())
                    foreach (Alert alert in rule.ActiveAlerts())
                        if (alert.State != AlertState.Inactive) WriteAlert(w, alert);
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteGroup(Utf8JsonWriter w, RuleGroup group, string type)
    {
        w.WriteStartObject();
        w.WriteString("name", group.Name);
        w.WriteString("file", group.File);
        w.WriteStartArray("rules");
        foreach (Rule rule in group.Rules)
        {
            if (rule is AlertingRule alerting && type != "record") WriteAlertingRule(w, alerting);
            else if (rule is RecordingRule recording && type != "alert") WriteRecordingRule(w, recording);
        }
        w.WriteEndArray();
        w.WriteNumber("interval", group.Interval.TotalSeconds);
        w.WriteNumber("limit", group.Definition.Limit);
        w.WriteNumber("evaluationTime", group.EvaluationTime.TotalSeconds);
        w.WriteString("lastEvaluation", GoTime(group.LastEvaluation));
        w.WriteEndObject();
    }

    private static void WriteAlertingRule(Utf8JsonWriter w, AlertingRule rule)
    {
        w.WriteStartObject();
        w.WriteString("state", StateName(rule.State));
        w.WriteString("name", rule.Name);
        w.WriteString("query", rule.Query);
        w.WriteNumber("duration", rule.Definition.For.TotalSeconds);
        w.WriteNumber("keepFiringFor", rule.Definition.KeepFiringFor.TotalSeconds);
        WritePairs(w, "labels", rule.Definition.Labels);
        WritePairs(w, "annotations", rule.Definition.Annotations);
        w.WriteStartArray("alerts");
        foreach (Alert alert in rule.ActiveAlerts()) WriteAlert(w, alert);
        w.WriteEndArray();
        WriteHealth(w, rule);
        w.WriteString("type", "alerting");
        w.WriteEndObject();
    }

    private static void WriteRecordingRule(Utf8JsonWriter w, RecordingRule rule)
    {
        w.WriteStartObject();
        w.WriteString("name", rule.Name);
        w.WriteString("query", rule.Query);
        // As Prometheus: recording rule labels are omitted when empty.
        if (rule.Definition.Labels.Count > 0) WritePairs(w, "labels", rule.Definition.Labels);
        WriteHealth(w, rule);
        w.WriteString("type", "recording");
        w.WriteEndObject();
    }

    private static void WriteHealth(Utf8JsonWriter w, Rule rule)
    {
        w.WriteString("health", rule.Health switch { RuleHealth.Good => "ok", RuleHealth.Bad => "err", _ => "unknown" });
        if (rule.LastError is { Length: > 0 } error) w.WriteString("lastError", error);
        w.WriteNumber("evaluationTime", rule.EvaluationTime.TotalSeconds);
        w.WriteString("lastEvaluation", GoTime(rule.LastEvaluation));
    }

    private static void WriteAlert(Utf8JsonWriter w, Alert alert)
    {
        w.WriteStartObject();
        WriteLabels(w, "labels", alert.Labels);
        WriteLabels(w, "annotations", alert.Annotations);
        w.WriteString("state", StateName(alert.State));
        w.WriteString("activeAt", GoTime(alert.ActiveAt));
        if (alert.KeepFiringSince is { } since) w.WriteString("keepFiringSince", GoTime(since));
        w.WriteString("value", GoFloat.Format(alert.Value, 'e', -1));
        w.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter w, string name, LabelSet labels)
    {
        w.WriteStartObject(name);
        foreach (Label l in labels) w.WriteString(l.Name, l.Value);
        w.WriteEndObject();
    }

    /// <summary>Rule labels and annotations as Prometheus's labels.Labels: sorted by name.</summary>
    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    }

    private static string StateName(AlertState state) => state switch
    {
        AlertState.Firing => "firing",
        AlertState.Pending => "pending",
        _ => "inactive",
    };

    /// <summary>Go's RFC 3339 with nanoseconds, trailing zeros dropped; the zero time when never evaluated.</summary>
    private static string GoTime(DateTimeOffset? t)
    {
        if (t is not { } time) return "0001-01-01T00:00:00Z";
        DateTime utc = time.UtcDateTime;
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0) text += "." + (ticks * 100).ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    private static async Task WriteAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        await ctx.Response.Body.WriteAsync(stream.ToArray(), ctx.RequestAborted).ConfigureAwait(false);
    }
}
