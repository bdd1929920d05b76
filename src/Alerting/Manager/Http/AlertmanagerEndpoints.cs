using System.Text.Json;
using System.Text.RegularExpressions;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;
using Metrics.Store.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metrics.Alerting.Manager.Http;

/// <summary>The Alertmanager API v2 subset that rules, amtool and Grafana use, with Alertmanager 0.25's JSON.</summary>
public static class AlertmanagerEndpoints
{
    /// <summary>The version amtool and Grafana see; they check the major version.</summary>
    public const string Version = "0.25.0";

    private const int MaxBodyBytes = 32 << 20;

    public static IEndpointRouteBuilder MapAlertmanagerApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v2 = app.MapGroup("/api/v2");
        v2.MapPost("/alerts", PostAlertsAsync);
        v2.MapGet("/alerts", GetAlertsAsync);
        v2.MapGet("/alerts/groups", GetGroupsAsync);
        v2.MapGet("/silences", GetSilencesAsync);
        v2.MapPost("/silences", PostSilenceAsync);
        v2.MapGet("/silence/{silenceID}", GetSilenceAsync);
        v2.MapDelete("/silence/{silenceID}", DeleteSilence);
        v2.MapGet("/status", GetStatusAsync);
        v2.MapGet("/receivers", GetReceiversAsync);
        return app;
    }

    private static async Task<IResult> PostAlertsAsync(HttpContext ctx, AlertManager manager)
    {
        using RequestBody? body = await RequestBody.ReadAsync(ctx.Request, MaxBodyBytes, ctx.RequestAborted).ConfigureAwait(false);
        if (body is null) return Error(413, $"body exceeds {MaxBodyBytes} bytes");
        List<PostedAlert> posted;
        try
        {
            posted = PostedAlertsReader.Read(body.Span);
        }
        catch (JsonException)
        {
            return Error(400, "body is not valid JSON");
        }
        catch (MissingFieldException e)
        {
            // go-swagger's schema validation answer: 422 with code 602.
            return SwaggerError(602, e.Message, 422);
        }
        catch (FormatException e)
        {
            return Error(400, e.Message);
        }
        List<string> errors = manager.Receive(posted);
        return errors.Count == 0 ? Results.Ok() : Answer(string.Join("; ", errors), statusCode: 400);
    }

    private static async Task GetAlertsAsync(HttpContext ctx, AlertManager manager)
    {
        if (!TryReadFilter(ctx, out AlertFilter? filter, out string? error))
        {
            await WriteErrorAsync(ctx, 400, error!).ConfigureAwait(false);
            return;
        }
        var alerts = manager.Alerts.All();
        alerts.Sort(static (a, b) => a.Fingerprint.CompareTo(b.Fingerprint));
        await WriteJsonAsync(ctx, w =>
        {
            w.WriteStartArray();
            foreach (Alert a in alerts) WriteIfSelected(w, manager, a, filter!, receiverCheck: true);
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task GetGroupsAsync(HttpContext ctx, AlertManager manager)
    {
        if (!TryReadFilter(ctx, out AlertFilter? filter, out string? error))
        {
            await WriteErrorAsync(ctx, 400, error!).ConfigureAwait(false);
            return;
        }
        var groups = manager.Dispatcher.Groups();
        groups.Sort(static (a, b) =>
        {
            int c = a.Group.GroupLabels.CompareTo(b.Group.GroupLabels);
            return c != 0 ? c : string.CompareOrdinal(a.Group.Route.Options.Receiver, b.Group.Route.Options.Receiver);
        });
        await WriteJsonAsync(ctx, w =>
        {
            w.WriteStartArray();
            foreach (var (group, alerts) in groups)
            {
                string receiver = group.Route.Options.Receiver;
                if (filter!.Receiver is not null && !filter.Receiver.IsMatch(receiver)) continue;
                // The group's own copies may be stale; the store holds each alert's current version.
                var current = alerts.Select(a => manager.Alerts.Get(a.Fingerprint) ?? a).Order(AlertOrder.Instance).ToList();
                var selected = current.Where(a => Selected(manager, a, filter, out _, out _)).ToList();
                if (selected.Count == 0) continue;
                w.WriteStartObject();
                w.WritePropertyName("alerts");
                w.WriteStartArray();
                foreach (Alert a in selected) WriteIfSelected(w, manager, a, filter, receiverCheck: false);
                w.WriteEndArray();
                ApiJson.WriteLabels(w, "labels", group.GroupLabels);
                w.WritePropertyName("receiver");
                w.WriteStartObject();
                w.WriteString("name", receiver);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static void WriteIfSelected(Utf8JsonWriter w, AlertManager manager, Alert a, AlertFilter filter, bool receiverCheck)
    {
        if (!Selected(manager, a, filter, out var silencedBy, out var inhibitedBy)) return;
        List<string> receivers = manager.ReceiversOf(a.Labels);
        if (receiverCheck && filter.Receiver is not null && !receivers.Exists(filter.Receiver.IsMatch)) return;
        ApiJson.WriteAlert(w, a, receivers, silencedBy, inhibitedBy);
    }

    private static bool Selected(AlertManager manager, Alert a, AlertFilter filter, out List<string> silencedBy, out List<string> inhibitedBy)
    {
        silencedBy = inhibitedBy = [];
        if (a.ResolvedAt(manager.Time.GetUtcNow())) return false;
        foreach (LabelMatcher m in filter.Matchers)
            if (!m.Matches(a.Labels)) return false;
        silencedBy = manager.Silences.MutedBy(a.Labels);
        inhibitedBy = manager.Inhibitor.InhibitedBy(a.Labels);
        bool suppressed = silencedBy.Count > 0 || inhibitedBy.Count > 0;
        if (!filter.Active && !suppressed) return false;
        if (!filter.Silenced && silencedBy.Count > 0) return false;
        if (!filter.Inhibited && inhibitedBy.Count > 0) return false;
        return true;
    }

    private static async Task GetSilencesAsync(HttpContext ctx, AlertManager manager)
    {
        List<LabelMatcher> matchers;
        try
        {
            matchers = ParseFilter(ctx);
        }
        catch (FormatException e)
        {
            await WriteErrorAsync(ctx, 400, e.Message).ConfigureAwait(false);
            return;
        }
        DateTimeOffset now = manager.Time.GetUtcNow();
        var silences = manager.Silences.All().Where(s => SilenceMatchesFilter(s, matchers)).ToList();
        // Alertmanager's order: active by end, then pending by start, then expired, most recently ended first.
        silences.Sort((a, b) =>
        {
            int ra = Rank(a.StateAt(now)), rb = Rank(b.StateAt(now));
            if (ra != rb) return ra.CompareTo(rb);
            return a.StateAt(now) switch
            {
                SilenceState.Active => a.EndsAt.CompareTo(b.EndsAt),
                SilenceState.Pending => a.StartsAt.CompareTo(b.StartsAt),
                _ => b.EndsAt.CompareTo(a.EndsAt),
            };
        });
        await WriteJsonAsync(ctx, w =>
        {
            w.WriteStartArray();
            foreach (Silence s in silences) ApiJson.WriteSilence(w, s, now);
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static int Rank(SilenceState s) => s switch { SilenceState.Active => 0, SilenceState.Pending => 1, _ => 2 };

    /// <summary>A silence matches a filter when its equality matchers, read as labels, satisfy every filter matcher.</summary>
    private static bool SilenceMatchesFilter(Silence s, List<LabelMatcher> filter)
    {
        if (filter.Count == 0) return true;
        var builder = new LabelSetBuilder();
        foreach (LabelMatcher m in s.Matchers)
            if (m.Type == MatcherType.Equal) builder.Set(m.Name, m.Value);
        LabelSet labels = builder.Build();
        return filter.TrueForAll(m => m.Matches(labels));
    }

    private static async Task<IResult> PostSilenceAsync(HttpContext ctx, AlertManager manager)
    {
        JsonDocument? doc = await ReadBodyAsync(ctx).ConfigureAwait(false);
        if (doc is null) return Error(400, "body is not valid JSON");
        Silence silence;
        using (doc)
        {
            try
            {
                silence = ApiRequests.ParseSilence(doc.RootElement);
            }
            catch (FormatException e)
            {
                return Error(400, e.Message);
            }
        }
        if (silence.StartsAt >= silence.EndsAt)
            return Answer("Failed to create silence: start time must be before end time", statusCode: 400);
        if (silence.EndsAt < manager.Time.GetUtcNow())
            return Answer("Failed to create silence: end time can't be in the past", statusCode: 400);
        try
        {
            string id = manager.Silences.Set(silence);
            return Answer(new Dictionary<string, string> { ["silenceID"] = id });
        }
        catch (KeyNotFoundException e)
        {
            return Answer(e.Message, statusCode: 404);
        }
        catch (ArgumentException e)
        {
            return Answer(e.Message, statusCode: 400);
        }
    }

    private static IResult NotUuid(string id)
        => SwaggerError(601, $"silenceID in path must be of type uuid: \"{id}\"", 422);

    private static async Task GetSilenceAsync(HttpContext ctx, AlertManager manager, string silenceID)
    {
        if (!Guid.TryParse(silenceID, out _))
        {
            await NotUuid(silenceID).ExecuteAsync(ctx).ConfigureAwait(false);
            return;
        }
        Silence? s = manager.Silences.Get(silenceID);
        if (s is null)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        await WriteJsonAsync(ctx, w => ApiJson.WriteSilence(w, s, manager.Time.GetUtcNow())).ConfigureAwait(false);
    }

    private static IResult DeleteSilence(AlertManager manager, string silenceID)
    {
        if (!Guid.TryParse(silenceID, out _)) return NotUuid(silenceID);
        try
        {
            manager.Silences.Expire(silenceID);
            return Results.Ok();
        }
        catch (KeyNotFoundException e)
        {
            return Answer(e.Message, statusCode: 404);
        }
    }

    private static Task GetStatusAsync(HttpContext ctx, AlertManager manager)
        => WriteJsonAsync(ctx, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("cluster");
            w.WriteStartObject();
            w.WriteStartArray("peers");
            w.WriteEndArray();
            w.WriteString("status", "disabled");
            w.WriteEndObject();
            w.WritePropertyName("config");
            w.WriteStartObject();
            w.WriteString("original", manager.Config.Text);
            w.WriteEndObject();
            w.WriteString("uptime", GoTime.Format(manager.StartedAt));
            w.WritePropertyName("versionInfo");
            w.WriteStartObject();
            w.WriteString("branch", "metrics");
            w.WriteString("buildDate", "");
            w.WriteString("buildUser", "");
            w.WriteString("goVersion", "dotnet" + Environment.Version);
            w.WriteString("revision", "");
            w.WriteString("version", Version);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static Task GetReceiversAsync(HttpContext ctx, AlertManager manager)
        => WriteJsonAsync(ctx, w =>
        {
            w.WriteStartArray();
            foreach (ReceiverConfig r in manager.Config.Receivers)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    private sealed record AlertFilter(List<LabelMatcher> Matchers, bool Active, bool Silenced, bool Inhibited, Regex? Receiver);

    private static bool TryReadFilter(HttpContext ctx, out AlertFilter? filter, out string? error)
    {
        filter = null;
        try
        {
            IQueryCollection q = ctx.Request.Query;
            Regex? receiver = q["receiver"].ToString() is { Length: > 0 } r ? new Regex("^(?:" + r + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
            filter = new AlertFilter(ParseFilter(ctx), Flag(q, "active"), Flag(q, "silenced"), Flag(q, "inhibited"), receiver);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool Flag(IQueryCollection q, string name)
    {
        string text = q[name].ToString();
        if (text.Length == 0) return true;
        return bool.TryParse(text, out bool value) ? value : throw new FormatException($"{name} in query must be of type boolean: \"{text}\"");
    }

    private static List<LabelMatcher> ParseFilter(HttpContext ctx)
    {
        var result = new List<LabelMatcher>();
        foreach (string? f in ctx.Request.Query["filter"])
            if (!string.IsNullOrEmpty(f)) result.AddRange(MatcherParser.ParseList(f));
        return result;
    }

    private static async Task<JsonDocument?> ReadBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxBodyBytes) return null;
        try
        {
            return await JsonDocument.ParseAsync(ctx.Request.Body, default, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON answer as Go's encoder writes it: quotes escaped as <c>\"</c>, a final newline.</summary>
    private static IResult Answer(object value, int statusCode = 200)
        => Results.Text(JsonSerializer.Serialize(value, Relaxed) + "\n", "application/json", System.Text.Encoding.UTF8, statusCode);

    /// <summary>go-swagger's own validation errors (<c>{"code":602,"message":...}</c>), written without the final newline.</summary>
    private static IResult SwaggerError(int code, string message, int statusCode)
        => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object> { ["code"] = code, ["message"] = message }, Relaxed),
            "application/json", System.Text.Encoding.UTF8, statusCode);

    private static IResult Error(int status, string message)
        => SwaggerError(status, message, status);

    private static Task WriteErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        // Alertmanager answers query errors with a bare JSON string.
        return WriteJsonAsync(ctx, w => w.WriteStringValue(message));
    }

    private static async Task WriteJsonAsync(HttpContext ctx, Action<Utf8JsonWriter> write)
    {
        ctx.Response.ContentType = "application/json";
        await using (var w = new Utf8JsonWriter(ctx.Response.BodyWriter, new JsonWriterOptions { Encoder = Relaxed.Encoder }))
        {
            write(w);
            await w.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
        await ctx.Response.BodyWriter.WriteAsync("\n"u8.ToArray(), ctx.RequestAborted).ConfigureAwait(false);
    }
}
