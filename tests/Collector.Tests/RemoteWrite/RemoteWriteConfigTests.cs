using Metrics.Collector.Config;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Tests.RemoteWrite;

public class RemoteWriteConfigTests
{
    private static IReadOnlyList<RemoteWriteConfig> Parse(string yaml) => RemoteWriteConfig.ParseList(YamlSection.Load(yaml, "test.yml"), "remote_write");

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Prometheus_fields_and_the_buffer_extension_are_read()
    {
        RemoteWriteConfig c = Parse("""
            remote_write:
              - url: http://store:9090/api/v1/write
                name: central
                remote_timeout: 10s
                headers: {X-Scope-OrgID: team-a}
                write_relabel_configs:
                  - source_labels: [__name__]
                    regex: go_.*
                    action: drop
                basic_auth: {username: u, password: p}
                queue_config:
                  capacity: 5000
                  max_shards: 8
                  min_shards: 2
                  max_samples_per_send: 1000
                  batch_send_deadline: 2s
                  min_backoff: 50ms
                  max_backoff: 10s
                  retry_on_http_429: false
                buffer: {max_size: 512MB, fsync: true}
            """)[0];
        Assert.Equal(("http://store:9090/api/v1/write", "central"), (c.Url.ToString(), c.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), c.RemoteTimeout);
        Assert.Equal("team-a", Assert.Single(c.Headers).Value);
        Assert.Single(c.WriteRelabelConfigs);
        Assert.Equal("Basic dTpw", c.Auth.HeaderValue());
        Assert.Equal((5000, 8, 2, 1000), (c.Queue.Capacity, c.Queue.MaxShards, c.Queue.MinShards, c.Queue.MaxSamplesPerSend));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10)),
            (c.Queue.BatchSendDeadline, c.Queue.MinBackoff, c.Queue.MaxBackoff));
        Assert.False(c.Queue.RetryOnHttp429);
        Assert.Equal((512L << 20, true), (c.BufferMaxBytes, c.BufferFsync));
    }

    [Fact]
    public void Defaults_follow_prometheus_and_an_unnamed_entry_gets_a_stable_name_from_its_url()
    {
        var list = Parse("""
            remote_write:
              - url: http://a/api/v1/write
              - url: http://b/api/v1/write
            """);
        RemoteWriteConfig a = list[0];
        Assert.Equal((2500, 200, 1, 500), (a.Queue.Capacity, a.Queue.MaxShards, a.Queue.MinShards, a.Queue.MaxSamplesPerSend));
        Assert.Equal(TimeSpan.FromSeconds(5), a.Queue.BatchSendDeadline);
        Assert.Equal(TimeSpan.FromSeconds(30), a.RemoteTimeout);
        Assert.Equal(RemoteWriteConfig.DefaultBufferBytes, a.BufferMaxBytes);
        Assert.Null(a.Auth.HeaderValue());
        Assert.NotEqual(a.Name, list[1].Name);
        Assert.Equal(a.Name, Parse("remote_write: [{url: 'http://a/api/v1/write'}]")[0].Name);
    }

    [Fact]
    public void Fields_of_existing_prometheus_files_that_ask_for_nothing_we_lack_are_accepted()
    {
        RemoteWriteConfig c = Parse("""
            remote_write:
              - url: http://a/w
                send_exemplars: false
                send_native_histograms: false
                metadata_config: {send: true, send_interval: 1m, max_samples_per_send: 500}
            """)[0];
        Assert.Equal("http://a/w", c.Url.ToString());
    }

    [Fact]
    public void Bearer_token_file_is_read_on_each_request_relative_to_the_config_file()
    {
        string dir = Directory.CreateTempSubdirectory("rw-auth-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "token"), "first\n");
            var list = RemoteWriteConfig.ParseList(YamlSection.Load("remote_write: [{url: 'http://a/w', authorization: {credentials_file: token}}]",
                Path.Combine(dir, "metrics.yml")), "remote_write");
            Assert.Equal("Bearer first", list[0].Auth.HeaderValue());
            File.WriteAllText(Path.Combine(dir, "token"), "rotated");
            Assert.Equal("Bearer rotated", list[0].Auth.HeaderValue());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("remote_write: [{name: x}]", "remote_write[0].url", "is required")]
    [InlineData("remote_write: [{url: 'ftp://a/b'}]", "remote_write[0].url", "invalid URL")]
    [InlineData("remote_write: [{url: 'http://a/w', queue_config: {max_shards: 0}}]", "remote_write[0].queue_config.max_shards", "positive integer")]
    [InlineData("remote_write: [{url: 'http://a/w', queue_config: {min_shards: 5, max_shards: 2}}]", "remote_write[0].queue_config.min_shards", "must not exceed")]
    [InlineData("remote_write: [{url: 'http://a/w', queue_config: {capacity: 10, max_samples_per_send: 20}}]", "remote_write[0].queue_config.capacity", "at least max_samples_per_send")]
    [InlineData("remote_write: [{url: 'http://a/w', queue_config: {batch_send_deadline: soon}}]", "remote_write[0].queue_config.batch_send_deadline", "invalid duration")]
    [InlineData("remote_write: [{url: 'http://a/w', buffer: {max_size: lots}}]", "remote_write[0].buffer.max_size", "invalid size")]
    [InlineData("remote_write: [{url: 'http://a/w', headers: {Content-Type: text/plain}}]", "remote_write[0].headers", "cannot be overridden")]
    [InlineData("remote_write: [{url: 'http://a/w', bearer_token: t, basic_auth: {username: u}}]", "remote_write[0].bearer_token", "at most one")]
    [InlineData("remote_write: [{url: 'http://a/w', authorization: {type: Basic}}]", "remote_write[0].authorization.type", "basic_auth")]
    [InlineData("remote_write: [{url: 'http://a/w', name: x}, {url: 'http://b/w', name: x}]", "remote_write[1].name", "multiple")]
    [InlineData("remote_write: [{url: 'http://a/w', sigv4: {}}]", "remote_write[0].sigv4", "unknown field")]
    [InlineData("remote_write: [{url: 'http://a/w', send_exemplars: true}]", "remote_write[0].send_exemplars", "not supported")]
    [InlineData("remote_write: [{url: 'http://a/w', metadata_config: {send: maybe}}]", "remote_write[0].metadata_config.send", "true or false")]
    public void Mistakes_name_the_field_and_line(string yaml, string field, string problem)
    {
        ConfigException e = Fails(yaml);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.Equal("test.yml", e.File);
        Assert.Equal(1, e.Line);
    }
}
