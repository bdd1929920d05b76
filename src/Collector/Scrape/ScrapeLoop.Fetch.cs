using System.Globalization;
using System.IO.Compression;
using Metrics.Collector.Exposition;

namespace Metrics.Collector.Scrape;

public sealed partial class ScrapeLoop
{
    private const int InitialBodyBuffer = 16 * 1024;

    /// <summary>
    /// The ceiling when body_size_limit is unset: Prometheus then has none, but one gzip bomb inflating to
    /// gigabytes within the timeout must not take the whole collector down. No real exposition comes close.
    /// </summary>
    internal const int MaxBodyWithoutLimit = 512 << 20;

    // The body buffer lives as long as the loop and grows to the target's largest body, so steady-state
    // scrapes read into it without allocating.
    private byte[] _body = new byte[InitialBodyBuffer];
    private int _lastGoodBodyLength;

    private readonly record struct FetchResult(int Length, ExpositionFormat Format, string? Error);

    /// <summary>
    /// GETs the target within its timeout and reads the (decompressed) body into <see cref="_body"/>,
    /// failing once it reaches body_size_limit, as Prometheus does.
    /// </summary>
    private async Task<FetchResult> FetchAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Target.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Target.Url);
            request.Headers.TryAddWithoutValidation("Accept", ExpositionFormats.AcceptHeader);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds",
                Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return new(0, default, $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
            ExpositionFormat format = ExpositionFormats.FromMediaType(response.Content.Headers.ContentType?.MediaType);
            Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            // Decompressed here rather than by the handler: its GZipStream cannot tell a truncated body from a whole one.
            GzipTrailerStream? gzip = response.Content.Headers.ContentEncoding.Any(e => e.Equals("gzip", StringComparison.OrdinalIgnoreCase)) ? new GzipTrailerStream(stream) : null;
            Stream body = gzip is null ? stream : new GZipStream(gzip, CompressionMode.Decompress);
            await using (body.ConfigureAwait(false))
            {
                (int length, string? error) = await ReadBodyAsync(body, timeout.Token).ConfigureAwait(false);
                if (error is null && gzip is not null && !gzip.Matches(_body.AsSpan(0, length)))
                    error = $"reading the gzip body of \"{Target.Url}\": unexpected EOF (truncated or corrupt: the gzip trailer does not match)";
                return new(error is null ? length : 0, format, error);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(0, default, $"Get \"{Target.Url}\": context deadline exceeded (timeout {Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
        }
        catch (HttpRequestException e)
        {
            return new(0, default, $"Get \"{Target.Url}\": {e.Message}");
        }
        catch (IOException e)
        {
            // The connection broke mid-body (e.g. fewer bytes than Content-Length).
            return new(0, default, $"reading the body of \"{Target.Url}\": {e.Message}");
        }
        catch (InvalidDataException e)
        {
            // A corrupt or truncated gzip body; the handler decompresses as it reads.
            return new(0, default, $"reading the gzip body of \"{Target.Url}\": {e.Message}");
        }
    }

    private async Task<(int Length, string? Error)> ReadBodyAsync(Stream stream, CancellationToken ct)
    {
        try
        {
            (int length, string? error) = await ReadBodyCoreAsync(stream, ct).ConfigureAwait(false);
            if (error is null) _lastGoodBodyLength = length;
            return (length, error);
        }
        finally
        {
            // A runaway body (endless, too large, cut off) must not pin a huge buffer for the loop's lifetime.
            int usual = Math.Max(InitialBodyBuffer, _lastGoodBodyLength);
            if (_body.Length > 4L * usual) _body = new byte[2 * usual];
        }
    }

    private async Task<(int Length, string? Error)> ReadBodyCoreAsync(Stream stream, CancellationToken ct)
    {
        long configured = Target.Limits.BodySizeLimit;
        long limit = configured > 0 ? Math.Min(configured, Array.MaxLength) : MaxBodyWithoutLimit;
        int length = 0;
        while (true)
        {
            if (length == _body.Length)
            {
                Array.Resize(ref _body, (int)Math.Min((long)_body.Length * 2, limit));
            }
            int room = (int)Math.Min(_body.Length - length, limit - length);
            if (room == 0) return (0, configured > 0 ? $"body larger than {limit} bytes" : $"body larger than {limit} bytes, the ceiling when body_size_limit is unset");
            int read = await stream.ReadAsync(_body.AsMemory(length, room), ct).ConfigureAwait(false);
            if (read == 0) return (length, null);
            length += read;
            // Prometheus reads at most the limit and fails when it got that many: a body of exactly the limit fails too.
            if (configured > 0 && length >= configured) return (0, "body size limit exceeded");
        }
    }
}
