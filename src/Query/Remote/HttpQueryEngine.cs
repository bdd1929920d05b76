using System.Globalization;
using System.Net;
using System.Text.Json;
using Metrics.Query.Engine;
using Metrics.Query.Values;

namespace Metrics.Query.Remote;

/// <summary>
/// An <see cref="IQueryEngine"/> that asks a Prometheus HTTP API v1 (ours, a real Prometheus, Thanos)
/// instead of evaluating locally: what a standalone rule evaluator needs, as Thanos Ruler's --query.
/// The interface is synchronous because the local engine is; rule groups call it on their own threads.
/// </summary>
public sealed class HttpQueryEngine(HttpClient http, Uri baseUrl, TimeSpan timeout) : IQueryEngine
{
    private readonly string _base = baseUrl.ToString().TrimEnd('/');

    public QueryValue InstantQuery(string query, long timeMs, CancellationToken ct = default) =>
        Send("/api/v1/query", [new("query", query), new("time", Seconds(timeMs))], ct);

    public MatrixValue RangeQuery(string query, long startMs, long endMs, long stepMs, CancellationToken ct = default) =>
        Send("/api/v1/query_range",
            [new("query", query), new("start", Seconds(startMs)), new("end", Seconds(endMs)), new("step", Seconds(stepMs))], ct) as MatrixValue
        ?? throw new QueryException(QueryErrorType.Internal, $"{_base}: query_range did not return a matrix");

    private QueryValue Send(string path, KeyValuePair<string, string>[] form, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + path) { Content = new FormUrlEncodedContent(form) };
        HttpResponseMessage response;
        try
        {
            response = http.Send(request, cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Timeout, $"query to {_base} timed out after {timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e)
        {
            throw new QueryException(QueryErrorType.Execution, $"query to {_base} failed: {e.Message}", e);
        }
        using (response)
        {
            using Stream body = response.Content.ReadAsStream(cts.Token);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new QueryException(QueryErrorType.Internal, $"{_base}{path} answered {(int)response.StatusCode} with invalid JSON: {e.Message}", e);
            }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (response.StatusCode != HttpStatusCode.OK || root.GetProperty("status").GetString() != "success")
                    throw new QueryException(ErrorType(root), root.TryGetProperty("error", out JsonElement error)
                        ? error.GetString() ?? "" : $"{_base}{path} answered {(int)response.StatusCode}");
                return ApiResultReader.Read(root.GetProperty("data"));
            }
        }
    }

    private static QueryErrorType ErrorType(JsonElement root) =>
        root.TryGetProperty("errorType", out JsonElement t) ? t.GetString() switch
        {
            "bad_data" => QueryErrorType.BadData,
            "timeout" => QueryErrorType.Timeout,
            "canceled" => QueryErrorType.Canceled,
            "execution" => QueryErrorType.Execution,
            _ => QueryErrorType.Internal,
        } : QueryErrorType.Internal;

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
