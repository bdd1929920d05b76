using Metrics.Collector.Config;
using Metrics.Collector.Relabel;
using Metrics.Collector.Scrape;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Each limit with Prometheus's semantics and error text: over the limit the scrape stores nothing and is down.</summary>
public sealed class ScrapeLimitsTests : ScrapeTestTarget
{
    private async Task<ScrapeReport> ScrapeAsync(string body, ScrapeLimits limits)
    {
        Serve(body);
        return await NewLoop(limits).ScrapeOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Sample_limit_allows_exactly_the_limit_and_fails_one_more_storing_nothing()
    {
        const string body = "a 1\nb 2\nc 3\n";
        ScrapeReport ok = await ScrapeAsync(body, new ScrapeLimits { SampleLimit = 3 });
        Assert.Null(ok.Error);
        Assert.Single(All("c"));

        Clock.Advance(TimeSpan.FromSeconds(15));
        ScrapeReport over = await ScrapeAsync("a 1\nb 2\nc 3\nd 4\n", new ScrapeLimits { SampleLimit = 3 });
        Assert.Equal("sample limit exceeded", over.Error);
        Assert.Equal(4, over.SamplesScraped);
        Assert.Empty(All("d"));
        Assert.Equal(0, LatestUp());
        Assert.Equal(4, All("scrape_samples_scraped")[^1].Sample.Value);
    }

    [Fact]
    public async Task A_label_limit_error_after_the_sample_limit_wins_as_in_prometheus()
    {
        ScrapeReport report = await ScrapeAsync("a 1\nb 2\nc{x=\"1\",y=\"2\"} 3\n", new ScrapeLimits { SampleLimit = 1, LabelLimit = 4 });
        Assert.Equal("label_limit exceeded (metric: c, number of labels: 5, limit: 4)", report.Error);
        Assert.Equal(3, report.SamplesScraped);
    }

    [Fact]
    public async Task Label_limit_counts_every_stored_label_including_name_and_target_labels()
    {
        // __name__, a, instance, job: four labels.
        ScrapeReport report = await ScrapeAsync("m{a=\"1\"} 1\n", new ScrapeLimits { LabelLimit = 3 });
        Assert.Equal("label_limit exceeded (metric: m, number of labels: 4, limit: 3)", report.Error);
        Assert.Empty(All("m"));
        Assert.Equal(0, LatestUp());

        report = await ScrapeAsync("m{a=\"1\"} 1\n", new ScrapeLimits { LabelLimit = 4 });
        Assert.Null(report.Error);
    }

    [Fact]
    public async Task Label_name_length_limit_names_the_first_long_label()
    {
        ScrapeReport report = await ScrapeAsync("m{longlabel=\"1\"} 1\n", new ScrapeLimits { LabelNameLengthLimit = 8 });
        Assert.Equal("label_name_length_limit exceeded (metric: m, label name: longlabel, length: 9, limit: 8)", report.Error);
        Assert.Empty(All("m"));
    }

    [Fact]
    public async Task Label_value_length_limit_quotes_the_value_cut_to_50_characters()
    {
        string value = new string('v', 60);
        ScrapeReport report = await ScrapeAsync($"m{{a=\"{value}\"}} 1\n", new ScrapeLimits { LabelValueLengthLimit = 30 });
        Assert.Equal($"label_value_length_limit exceeded (metric: m, label name: a, value: \"{new string('v', 50)}\", length: 60, limit: 30)", report.Error);
        Assert.Empty(All("m"));
    }

    [Fact]
    public async Task Label_lengths_are_counted_in_utf8_bytes_as_go_does()
    {
        // "é" is two bytes: 3 characters, 6 bytes.
        ScrapeReport report = await ScrapeAsync("m{a=\"ééé\"} 1\n", new ScrapeLimits { LabelValueLengthLimit = 5 });
        Assert.Equal("label_value_length_limit exceeded (metric: m, label name: a, value: \"ééé\", length: 6, limit: 5)", report.Error);
    }

    [Fact]
    public async Task Body_size_limit_fails_a_body_of_the_limit_or_more_and_counts_decompressed_bytes()
    {
        const string body = "a 1\n";                      // 4 bytes
        Assert.Equal("body size limit exceeded", (await ScrapeAsync(body, new ScrapeLimits { BodySizeLimit = 4 })).Error);
        Assert.Empty(All("a"));
        Assert.Null((await ScrapeAsync(body, new ScrapeLimits { BodySizeLimit = 5 })).Error);

        // 100 KB of text compresses to well under 4 KB; the limit applies to what it expands to.
        string big = string.Concat(Enumerable.Range(0, 10_000).Select(i => "big 1\n".Replace("big", $"b{i % 10}", StringComparison.Ordinal)));
        byte[] compressed = ScrapeNegotiationTests.Gzip(big);
        Assert.True(compressed.Length < 4096);
        Respond = async ctx =>
        {
            ctx.Response.ContentType = "text/plain";
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(compressed);
        };
        ScrapeReport report = await NewLoop(new ScrapeLimits { BodySizeLimit = 4096 }).ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal("body size limit exceeded", report.Error);
    }

    [Fact]
    public async Task Limits_apply_after_metric_relabeling_so_dropped_series_do_not_count()
    {
        Serve("go_a 1\ngo_b 2\nkeep 3\n");
        var target = new ScrapeTarget("job1", Url, LabelSet.FromPairs("job", "job1", "instance", "x"),
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), false, true)
        {
            Limits = new ScrapeLimits { SampleLimit = 1 },
            MetricRelabelConfigs = [RelabelConfig.Create(RelabelAction.Drop, sourceLabels: ["__name__"], regex: "go_.*")],
        };
        var loop = new ScrapeLoop(target, Http, Storage, Clock, Metrics, NullLogger.Instance);
        ScrapeReport report = await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Null(report.Error);
        Assert.Single(All("keep"));
    }
}
