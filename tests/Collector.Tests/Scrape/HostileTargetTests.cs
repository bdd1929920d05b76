using System.Text;
using Metrics.Collector.Config;
using Metrics.Collector.Scrape;
using Microsoft.AspNetCore.Http;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Targets that send garbage, too much, or too slowly: each scrape ends with a clear error, never a crash or a hang.</summary>
public sealed class HostileTargetTests : ScrapeTestTarget
{
    private async Task<ScrapeReport> ScrapeAsync(ScrapeLimits? limits = null, TimeSpan? timeout = null) =>
        await NewLoop(limits, timeout).ScrapeOnceAsync(CancellationToken.None);

    [Fact]
    public async Task A_multi_megabyte_line_is_parsed_or_stopped_by_the_label_value_limit()
    {
        string huge = new string('x', 4 << 20);
        Serve($"m{{a=\"{huge}\"}} 1\n");
        ScrapeReport report = await ScrapeAsync(new ScrapeLimits { LabelValueLengthLimit = 1024 });
        Assert.StartsWith("label_value_length_limit exceeded (metric: m, label name: a, value: \"xxxx", report.Error, StringComparison.Ordinal);
        Assert.EndsWith($"length: {4 << 20}, limit: 1024)", report.Error, StringComparison.Ordinal);

        report = await ScrapeAsync();
        Assert.Null(report.Error);
        Assert.Equal(4 << 20, All("m")[^1].Labels.Get("a").Length);
    }

    [Fact]
    public async Task Deeply_escaped_values_decode_exactly()
    {
        // 100,000 escaped backslashes and quotes in one value.
        string raw = string.Concat(Enumerable.Repeat("\\\\\\\"", 50_000));
        Serve($"m{{a=\"{raw}\"}} 1\n");
        ScrapeReport report = await ScrapeAsync();
        Assert.Null(report.Error);
        Assert.Equal(string.Concat(Enumerable.Repeat("\\\"", 50_000)), Assert.Single(All("m")).Labels.Get("a"));
    }

    [Fact]
    public async Task Invalid_utf8_names_its_line()
    {
        byte[] body = [.. "ok 1\nbad{a=\""u8, 0xC3, 0x28, .. "\"} 1\n"u8];
        Respond = async ctx => await ctx.Response.Body.WriteAsync(body);
        ScrapeReport report = await ScrapeAsync();
        Assert.Equal("line 2: invalid UTF-8 byte sequence", report.Error);
        Assert.Empty(All("ok"));
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_duplicated_series_keeps_the_first_sample_and_the_target_up_as_prometheus_does()
    {
        Serve("m{a=\"1\"} 1\nm{a=\"1\"} 2\nm{ a=\"1\" } 3\n");
        ScrapeReport report = await ScrapeAsync();
        // Prometheus 2.42: samples with the same timestamp and another value are dropped and counted, the scrape stays up.
        Assert.Null(report.Error);
        Assert.Equal(1, Assert.Single(All("m")).Sample.Value);
        Assert.Equal(1, report.SamplesAppended);
        Assert.Equal(1, LatestUp());
    }

    [Theory]
    [InlineData("text/plain", "# TYPE m countr\nm 1\n", "line 1: unknown metric type \"countr\"")]
    [InlineData("text/plain", "# TYPE m counter\n# TYPE m gauge\nm 1\n", "line 2: second TYPE line for metric \"m\"")]
    [InlineData("application/openmetrics-text; version=1.0.0", "# TYPE m counter\nm 1\n# EOF\n", "line 2: sample \"m\" does not fit the counter family")]
    public async Task A_wrong_type_is_a_scrape_error(string contentType, string body, string expectedStart)
    {
        Serve(body, contentType);
        ScrapeReport report = await ScrapeAsync();
        Assert.StartsWith(expectedStart, report.Error, StringComparison.Ordinal);
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_truncated_gzip_body_is_a_scrape_error()
    {
        byte[] full = ScrapeNegotiationTests.Gzip(string.Concat(Enumerable.Repeat("some_metric{label=\"value\"} 12345\n", 2000)));
        byte[] cut = full[..(full.Length / 2)];
        Respond = async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(cut);
        };
        ScrapeReport report = await ScrapeAsync();
        Assert.NotNull(report.Error);
        Assert.Contains("gzip", report.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(All("some_metric"));
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_gzip_body_whose_checksum_does_not_match_is_a_scrape_error()
    {
        byte[] body = ScrapeNegotiationTests.Gzip("intact 1\n");
        body[^8] ^= 0x01;                              // the trailer's CRC-32: the data itself inflates fine
        Respond = async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(body);
        };
        ScrapeReport report = await ScrapeAsync();
        // zlib checks the CRC of a complete member itself; the scraper's own trailer check catches truncation.
        Assert.StartsWith($"reading the gzip body of \"{Url}\"", report.Error, StringComparison.Ordinal);
        Assert.Empty(All("intact"));
    }

    [Fact]
    public async Task An_endless_body_stops_at_body_size_limit()
    {
        Respond = EndlessAsync(pause: TimeSpan.Zero);
        ScrapeReport report = await ScrapeAsync(new ScrapeLimits { BodySizeLimit = 1 << 20 }, timeout: TimeSpan.FromMinutes(5));
        Assert.Equal("body size limit exceeded", report.Error);
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_slow_loris_body_stops_at_the_scrape_timeout()
    {
        Respond = EndlessAsync(pause: TimeSpan.FromMilliseconds(50));
        ScrapeReport report = await ScrapeAsync(timeout: TimeSpan.FromMilliseconds(500));
        Assert.StartsWith($"Get \"{Url}\": context deadline exceeded", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, LatestUp());
    }

    [Fact]
    public async Task A_body_cut_short_of_its_content_length_is_a_scrape_error()
    {
        Respond = async ctx =>
        {
            ctx.Response.ContentLength = 1000;
            await ctx.Response.Body.WriteAsync("a 1\n"u8.ToArray());
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        };
        ScrapeReport report = await ScrapeAsync();
        Assert.NotNull(report.Error);
        Assert.Empty(All("a"));
    }

    /// <summary>Writes sample lines until the client goes away, pausing between them.</summary>
    private static Func<HttpContext, Task> EndlessAsync(TimeSpan pause) => async ctx =>
    {
        byte[] line = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("endless_metric{i=\"0\"} 1\n", 100)));
        try
        {
            // Bounded so a broken client cannot keep the test server busy forever: 10 minutes or 2 GB.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            for (int i = 0; i < 1_000_000 && DateTime.UtcNow < deadline && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(line, ctx.RequestAborted);
                if (pause > TimeSpan.Zero) await Task.Delay(pause, ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The scraper hung up, as it should.
        }
    };
}
