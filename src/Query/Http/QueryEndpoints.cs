using Metrics.Query.Engine;
using Metrics.Query.Parser;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Http;

/// <summary>Prometheus HTTP API v1 for queries and metadata; only translates between HTTP and the engine.</summary>
public static class QueryEndpoints
{
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/api/v1");
        v1.MapMethods("/query", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => InstantAsync(ctx)));
        v1.MapMethods("/query_range", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => RangeAsync(ctx)));
        v1.MapMethods("/series", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => SeriesAsync(ctx)));
        v1.MapMethods("/labels", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => LabelNamesAsync(ctx)));
        v1.MapGet("/label/{name}/values", (HttpContext ctx, string name) => ApiResults.GuardAsync(ctx, () => LabelValuesAsync(ctx, name)));
        v1.MapMethods("/format_query", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => FormatQueryAsync(ctx)));
        v1.MapMethods("/parse_query", ["GET", "POST"], (HttpContext ctx) => ApiResults.GuardAsync(ctx, () => ParseQueryAsync(ctx)));
        return app;
    }

    private static async Task InstantAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        string query = ApiParams.Get(ctx, form, "query") ?? "";
        TimeProvider clock = ctx.RequestServices.GetRequiredService<TimeProvider>();
        long time = ApiParams.ParseTime(ApiParams.Get(ctx, form, "time"), "time", clock.GetUtcNow().ToUnixTimeMilliseconds());
        IQueryEngine engine = ctx.RequestServices.GetRequiredService<IQueryEngine>();
        using CancellationTokenSource deadline = Deadline(ctx, form);
        QueryValue value = WithQueryParam(() => WithDeadline(deadline, () => engine.InstantQuery(query, time, deadline.Token)));
        await ApiResults.WriteSuccessAsync(ctx, w => ApiJsonWriter.WriteQueryData(w, value), value).ConfigureAwait(false);
    }

    private static async Task RangeAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        string query = ApiParams.Get(ctx, form, "query") ?? "";
        string? startText = ApiParams.Get(ctx, form, "start");
        string? endText = ApiParams.Get(ctx, form, "end");
        if (string.IsNullOrEmpty(startText)) throw ApiParams.BadParam("start", "missing value");
        if (string.IsNullOrEmpty(endText)) throw ApiParams.BadParam("end", "missing value");
        long start = ApiParams.ParseTime(startText, "start", 0);
        long end = ApiParams.ParseTime(endText, "end", 0);
        if (end < start) throw ApiParams.BadParam("end", "end timestamp must not be before start time");
        long step = ApiParams.ParseDurationMs(ApiParams.Get(ctx, form, "step"), "step");
        IQueryEngine engine = ctx.RequestServices.GetRequiredService<IQueryEngine>();
        using CancellationTokenSource deadline = Deadline(ctx, form);
        MatrixValue value = WithQueryParam(() => WithDeadline(deadline, () => engine.RangeQuery(query, start, end, step, deadline.Token)));
        await ApiResults.WriteSuccessAsync(ctx, w => ApiJsonWriter.WriteQueryData(w, value), value).ConfigureAwait(false);
    }

    /// <summary>/api/v1/format_query: the expression in Prometheus's canonical form.</summary>
    private static async Task FormatQueryAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        string query = ApiParams.Get(ctx, form, "query") ?? "";
        string formatted;
        try
        {
            formatted = PromQLPrinter.Print(PromQLParser.Parse(query));
        }
        catch (ParseException e)
        {
            throw ApiParams.BadParam("query", e.Message);
        }
        await ApiResults.WriteSuccessAsync(ctx, w => w.WriteStringValue(formatted)).ConfigureAwait(false);
    }

    /// <summary>/api/v1/parse_query: the syntax tree as JSON, as Prometheus 3's UI tree view reads it.</summary>
    private static async Task ParseQueryAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        string query = ApiParams.Get(ctx, form, "query") ?? "";
        Ast.Expr expr;
        try
        {
            expr = PromQLParser.Parse(query);
        }
        catch (ParseException e)
        {
            throw ApiParams.BadParam("query", e.Message);
        }
        // Written to a buffer first, so a node the tree view cannot show fails before any response byte is sent.
        var tree = new System.Buffers.ArrayBufferWriter<byte>();
        using (var treeWriter = new System.Text.Json.Utf8JsonWriter(tree)) AstJsonWriter.Write(treeWriter, expr);
        await ApiResults.WriteSuccessAsync(ctx, w => w.WriteRawValue(tree.WrittenSpan, skipInputValidation: true)).ConfigureAwait(false);
    }

    private static async Task SeriesAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        List<string> selectors = ApiParams.GetAll(ctx, form, "match[]");
        if (selectors.Count == 0) throw new QueryException(QueryErrorType.BadData, "no match[] parameter provided");
        (long start, long end) = ReadRange(ctx, form);
        ISeriesQueryable storage = ctx.RequestServices.GetRequiredService<ISeriesQueryable>();
        var found = new SortedSet<LabelSet>();
        using (ISeriesQuerier querier = storage.Querier(start, end))
        {
            foreach (string selector in selectors)
                foreach (ISeries s in querier.Select(ParseMatchers(selector)))
                    found.Add(s.Labels);
        }
        int limit = ReadLimit(ctx, form);
        await ApiResults.WriteSuccessAsync(ctx, w =>
        {
            w.WriteStartArray();
            foreach (LabelSet labels in limit > 0 ? found.Take(limit) : found)
            {
                w.WriteStartObject();
                ApiJsonWriter.WriteLabels(w, labels);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task LabelNamesAsync(HttpContext ctx)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        (long start, long end) = ReadRange(ctx, form);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        ISeriesQueryable storage = ctx.RequestServices.GetRequiredService<ISeriesQueryable>();
        using (ISeriesQuerier querier = storage.Querier(start, end))
        {
            foreach (IReadOnlyList<LabelMatcher> matchers in MatcherSets(ctx, form))
                names.UnionWith(querier.LabelNames(matchers));
        }
        int limit = ReadLimit(ctx, form);
        await ApiResults.WriteSuccessAsync(ctx, w => WriteStrings(w, limit > 0 ? names.Take(limit) : names)).ConfigureAwait(false);
    }

    private static async Task LabelValuesAsync(HttpContext ctx, string name)
    {
        IFormCollection? form = await ApiParams.ReadFormAsync(ctx).ConfigureAwait(false);
        if (!LabelNames.IsValidLabelName(name)) throw ApiParams.BadParam("label_name", $"invalid label name: \"{name}\"");
        (long start, long end) = ReadRange(ctx, form);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        ISeriesQueryable storage = ctx.RequestServices.GetRequiredService<ISeriesQueryable>();
        using (ISeriesQuerier querier = storage.Querier(start, end))
        {
            foreach (IReadOnlyList<LabelMatcher> matchers in MatcherSets(ctx, form))
                values.UnionWith(querier.LabelValues(name, matchers));
        }
        int limit = ReadLimit(ctx, form);
        await ApiResults.WriteSuccessAsync(ctx, w => WriteStrings(w, limit > 0 ? values.Take(limit) : values)).ConfigureAwait(false);
    }

    /// <summary>The optional <c>limit</c> parameter: at most this many results; 0 or absent means all.</summary>
    private static int ReadLimit(HttpContext ctx, IFormCollection? form)
    {
        string? text = ApiParams.Get(ctx, form, "limit");
        if (string.IsNullOrEmpty(text)) return 0;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int limit))
            throw ApiParams.BadParam("limit", $"cannot parse \"{text}\": must be a non-negative integer");
        return limit;
    }

    private static (long Start, long End) ReadRange(HttpContext ctx, IFormCollection? form)
    {
        long start = ApiParams.ParseTime(ApiParams.Get(ctx, form, "start"), "start", ApiParams.MinTimeMs);
        long end = ApiParams.ParseTime(ApiParams.Get(ctx, form, "end"), "end", ApiParams.MaxTimeMs);
        if (end < start) throw ApiParams.BadParam("end", "end timestamp must not be before start time");
        return (start, end);
    }

    /// <summary>The matcher lists from <c>match[]</c>, or one empty list (all series) when none is given.</summary>
    private static List<IReadOnlyList<LabelMatcher>> MatcherSets(HttpContext ctx, IFormCollection? form)
    {
        List<string> selectors = ApiParams.GetAll(ctx, form, "match[]");
        if (selectors.Count == 0) return [[]];
        return selectors.ConvertAll(ParseMatchers);
    }

    private static IReadOnlyList<LabelMatcher> ParseMatchers(string selector)
    {
        try
        {
            return PromQLParser.ParseSelector(selector).Matchers;
        }
        catch (ParseException e)
        {
            throw ApiParams.BadParam("match[]", e.Message);
        }
    }

    /// <summary>The request's cancellation, shortened by a <c>timeout</c> parameter when one is given.</summary>
    private static CancellationTokenSource Deadline(HttpContext ctx, IFormCollection? form)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        string? timeout = ApiParams.Get(ctx, form, "timeout");
        if (string.IsNullOrEmpty(timeout)) return cts;
        long ms = ApiParams.ParseDurationMs(timeout, "timeout");
        if (ms < 0)
        {
            cts.Dispose();
            throw ApiParams.BadParam("timeout", $"timeout must not be negative, got \"{timeout}\"");
        }
        if (ms > 0) cts.CancelAfter(TimeSpan.FromMilliseconds(ms));   // 0 means no timeout of its own, as in Prometheus
        return cts;
    }

    /// <summary>A query stopped by the <c>timeout</c> parameter (not by the client leaving) is a timeout, not a cancellation.</summary>
    private static T WithDeadline<T>(CancellationTokenSource deadline, Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (QueryException e) when (e.ErrorType == QueryErrorType.Canceled && deadline.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Timeout, "query timed out in query execution", e);
        }
    }

    private static T WithQueryParam<T>(Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (QueryException e) when (e.ErrorType == QueryErrorType.BadData && e.InnerException is ParseException)
        {
            throw ApiParams.BadParam("query", e.Message);
        }
    }

    private static void WriteStrings(System.Text.Json.Utf8JsonWriter w, IEnumerable<string> values)
    {
        w.WriteStartArray();
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
