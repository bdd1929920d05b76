using System.IO.Compression;
using System.Text;
using Metrics.Collector.Scrape;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Content negotiation: what a scrape asks for and how the answer's Content-Type picks the parser.</summary>
public sealed class ScrapeNegotiationTests : ScrapeTestTarget
{
    private const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private const string OpenMetricsBody = """
        # TYPE requests counter
        # HELP requests Requests served.
        requests_total{path="/"} 7 # {trace_id="abc"} 1.0 1700000000.5
        requests_created{path="/"} 1699990000.25
        # TYPE latency histogram
        latency_bucket{le="0.5"} 3 # {trace_id="def"} 0.2
        latency_bucket{le="+Inf"} 4
        latency_count 4
        latency_sum 1.5
        # TYPE temp_celsius gauge
        # UNIT temp_celsius celsius
        temp_celsius 21.5 1699999999.123
        # EOF

        """;

    [Fact]
    public async Task The_request_carries_Prometheus_2_42_accept_header_gzip_and_the_timeout()
    {
        Serve("up_like 1\n");
        await NewLoop(timeout: TimeSpan.FromSeconds(3)).ScrapeOnceAsync(CancellationToken.None);

        Assert.Equal(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            LastRequestHeaders!["Accept"]);
        Assert.Contains("gzip", LastRequestHeaders["Accept-Encoding"], StringComparison.Ordinal);
        Assert.Equal("3", LastRequestHeaders["X-Prometheus-Scrape-Timeout-Seconds"]);
    }

    [Fact]
    public async Task An_openmetrics_answer_is_parsed_as_openmetrics_with_created_series_kept_and_exemplars_dropped()
    {
        Serve(OpenMetricsBody, OpenMetricsType);
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal(7, report.SamplesScraped);
        Assert.Equal(7, Assert.Single(All("requests_total")).Sample.Value);
        // Prometheus 2.x stores _created as a series of its own, valued in seconds.
        Assert.Equal(1699990000.25, Assert.Single(All("requests_created")).Sample.Value);
        Assert.Equal(2, All("latency_bucket").Count);
        // OpenMetrics timestamps are seconds with a fraction; stored in milliseconds.
        Assert.Equal(1_699_999_999_123, Assert.Single(All("temp_celsius")).Sample.TimestampMs);
        // The exemplar's labels never become a series.
        Assert.DoesNotContain(All("requests_total"), s => s.Labels.Has("trace_id"));
        Assert.Equal(1, LatestUp());
    }

    [Fact]
    public async Task An_openmetrics_answer_without_eof_fails_the_scrape()
    {
        Serve(OpenMetricsBody.Replace("# EOF\n", "", StringComparison.Ordinal), OpenMetricsType);
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);

        Assert.Contains("# EOF", report.Error, StringComparison.Ordinal);
        Assert.Empty(All("requests_total"));
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task The_same_body_as_text_plain_goes_to_the_text_parser_which_knows_no_exemplars()
    {
        Serve(OpenMetricsBody, "text/plain; version=0.0.4");
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);

        // Line 3 is the first with an exemplar, which only OpenMetrics allows.
        Assert.StartsWith("line 3:", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_missing_or_unknown_content_type_falls_back_to_the_text_format()
    {
        Respond = async ctx => await ctx.Response.Body.WriteAsync("plain 1\n"u8.ToArray());
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);
        Assert.Null(report.Error);
        Assert.Single(All("plain"));

        Serve("other 2\n", "application/json");
        report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);
        Assert.Null(report.Error);
        Assert.Single(All("other"));
    }

    [Fact]
    public async Task A_gzip_encoded_openmetrics_body_is_decompressed_and_parsed()
    {
        byte[] compressed = Gzip(OpenMetricsBody);
        Respond = async ctx =>
        {
            ctx.Response.ContentType = OpenMetricsType;
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(compressed);
        };
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal(7, report.SamplesScraped);
    }

    internal static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }
}
