using System.Net;
using System.Net.Http.Headers;
using Metrics.Collector.Config;

namespace Metrics.Collector.RemoteWrite;

/// <summary>POSTs snappy-compressed WriteRequest bodies with remote-write 1.0's headers and classifies the answer.</summary>
public sealed class RemoteWriteSender : IDisposable
{
    private const int MaxErrorBody = 512;

    private readonly RemoteWriteConfig _config;
    private readonly HttpClient _http;

    public RemoteWriteSender(RemoteWriteConfig config, HttpMessageHandler? handler = null)
    {
        _config = config;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,   // per request, below, so cancellation and timeouts are told apart
        };
    }

    public async Task<SendOutcome> SendAsync(byte[] compressedBody, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_config.RemoteTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _config.Url);
            var content = new ByteArrayContent(compressedBody);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            content.Headers.ContentEncoding.Add("snappy");
            request.Content = content;
            request.Headers.TryAddWithoutValidation("User-Agent", "metrics-collector/0.1");
            request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
            foreach (var (name, value) in _config.Headers) request.Headers.TryAddWithoutValidation(name, value);
            string? authorization = _config.Auth.HeaderValue();
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return SendOutcome.Delivered;
            string detail = $"server returned HTTP status {status} {response.ReasonPhrase}: {await ReadSnippetAsync(response, timeout.Token).ConfigureAwait(false)}";
            bool retryable = status >= 500 || (status == (int)HttpStatusCode.TooManyRequests && _config.Queue.RetryOnHttp429);
            return new SendOutcome(retryable ? SendResult.Retry : SendResult.Reject, retryable ? RetryAfter(response) : null, detail);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(SendResult.Retry, null, $"Post \"{_config.Url}\": no answer within remote_timeout {_config.RemoteTimeout.TotalSeconds}s");
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(SendResult.Retry, null, $"Post \"{_config.Url}\": {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A secret file that cannot be read: retry, an operator may be rotating it.
            return new SendOutcome(SendResult.Retry, null, $"reading credentials for {_config.Url}: {e.Message}");
        }
    }

    /// <summary>Retry-After as seconds or an HTTP date; null when absent or already past.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : null;
        }
        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            body = body.Trim();
            return body.Length > MaxErrorBody ? body[..MaxErrorBody] + "..." : body;
        }
        catch (HttpRequestException)
        {
            return "(no body)";
        }
    }

    public void Dispose() => _http.Dispose();
}
