using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Metrics.Collector.Relabel;
using Metrics.Collector.RemoteWrite;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Config;

/// <summary>
/// One entry of Prometheus's <c>remote_write</c>: where to send samples and how. Our extension
/// <c>buffer</c> bounds the on-disk queue (<c>buffer: {max_size: 1GB, fsync: false}</c>).
/// </summary>
public sealed class RemoteWriteConfig
{
    /// <summary>Default bound of the on-disk buffer of one remote_write entry.</summary>
    public const long DefaultBufferBytes = 1L << 30;

    public required Uri Url { get; init; }

    /// <summary>The queue's name in metrics and its buffer folder: the configured <c>name</c>, or a hash of the URL.</summary>
    public required string Name { get; init; }

    public TimeSpan RemoteTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public IReadOnlyList<RelabelConfig> WriteRelabelConfigs { get; init; } = [];
    public RemoteWriteAuth Auth { get; init; } = RemoteWriteAuth.None;
    public RemoteWriteQueueConfig Queue { get; init; } = RemoteWriteQueueConfig.Default;

    /// <summary>The most bytes the on-disk buffer may hold; beyond it the oldest segments are dropped (counted and logged).</summary>
    public long BufferMaxBytes { get; init; } = DefaultBufferBytes;

    /// <summary>fsync the buffer before acknowledging each append (survives power loss, not only a process crash).</summary>
    public bool BufferFsync { get; init; }

    private static readonly string[] Fields =
    [
        "url", "name", "remote_timeout", "headers", "write_relabel_configs", "basic_auth", "authorization",
        "bearer_token", "bearer_token_file", "queue_config", "buffer",
        "send_exemplars", "send_native_histograms", "metadata_config",
    ];

    // Headers the client sets itself; Prometheus refuses these in remote_write.headers too.
    private static readonly string[] ReservedHeaders =
    [
        "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent", "connection",
        "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
    ];

    /// <summary>Reads the list under <paramref name="key"/>; names must be unique.</summary>
    /// <exception cref="ConfigException">An entry is malformed; the error names file, line and field.</exception>
    public static IReadOnlyList<RemoteWriteConfig> ParseList(YamlSection root, string key)
    {
        var result = new List<RemoteWriteConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlSection section in root.GetSectionList(key))
        {
            RemoteWriteConfig config = Parse(section);
            if (!names.Add(config.Name))
                throw section.Error("name", $"found multiple remote write configs with name \"{config.Name}\"; give each a unique name");
            result.Add(config);
        }
        return result;
    }

    public static RemoteWriteConfig Parse(YamlSection section)
    {
        section.AllowOnly(Fields);
        string urlText = section.RequireString("url");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            throw section.Error("url", $"invalid URL \"{urlText}\": expected http(s)://host[:port]/path");
        string? name = section.GetString("name");
        if (name is not null && (name.Length == 0 || name.AsSpan().IndexOfAny("/\\\0") >= 0 || name is "." or ".."))
            throw section.Error("name", $"invalid name \"{name}\": it names a folder, so it must be non-empty without / or \\");
        TimeSpan timeout = GlobalConfig.Positive(section, "remote_timeout") ?? TimeSpan.FromSeconds(30);

        var headers = section.GetStringMap("headers");
        foreach (var (header, _) in headers)
        {
            if (Array.IndexOf(ReservedHeaders, header.ToLowerInvariant()) >= 0)
                throw section.Error("headers", $"header \"{header}\" is set by the client and cannot be overridden");
        }
        (long bufferBytes, bool fsync) = ParseBuffer(section.GetSection("buffer"));
        CheckUnsentKinds(section);

        return new RemoteWriteConfig
        {
            Url = url,
            Name = name ?? UrlHash(url),
            RemoteTimeout = timeout,
            Headers = headers,
            WriteRelabelConfigs = RelabelConfig.ParseList(section, "write_relabel_configs"),
            Auth = ParseAuth(section),
            Queue = ParseQueue(section.GetSection("queue_config")),
            BufferMaxBytes = bufferBytes,
            BufferFsync = fsync,
        };
    }

    /// <summary>A stable folder name for an unnamed entry: the same URL finds its buffer again after a restart.</summary>
    private static string UrlHash(Uri url)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.ToString())))[..12];

    /// <summary>
    /// Prometheus files often carry these; we send float samples only, so they are accepted when
    /// they ask for nothing more (metadata is never sent), and refused when they would be ignored.
    /// </summary>
    private static void CheckUnsentKinds(YamlSection section)
    {
        foreach (string kind in (string[])["send_exemplars", "send_native_histograms"])
        {
            if (section.GetBool(kind) == true)
                throw section.Error(kind, "not supported: this client sends float samples only; remove it or set it to false");
        }
        if (section.GetSection("metadata_config") is { } metadata)
        {
            metadata.AllowOnly("send", "send_interval", "max_samples_per_send");
            metadata.GetBool("send");
            metadata.GetDuration("send_interval");
        }
    }

    private static RemoteWriteAuth ParseAuth(YamlSection section)
    {
        string[] kinds = ["basic_auth", "authorization", "bearer_token", "bearer_token_file"];
        string? chosen = null;
        foreach (string kind in kinds)
        {
            if (!section.Has(kind)) continue;
            bool bearerPair = chosen == "bearer_token" && kind == "bearer_token_file";
            if (chosen is not null)
            {
                throw section.Error(kind, bearerPair ? "at most one of bearer_token and bearer_token_file may be configured"
                    : $"at most one of basic_auth, authorization and bearer_token(_file) may be configured; {chosen} is set too");
            }
            chosen = kind;
        }
        string dir = Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? "";
        string? Resolve(string? file) => file is null ? null : Path.Combine(dir, file);
        switch (chosen)
        {
            case "basic_auth":
            {
                YamlSection basic = section.GetSection("basic_auth")!.AllowOnly("username", "password", "password_file");
                if (basic.Has("password") && basic.Has("password_file"))
                    throw basic.Error("password_file", "at most one of password and password_file may be configured");
                return new RemoteWriteAuth
                {
                    Scheme = "Basic",
                    Username = basic.RequireString("username"),
                    Secret = basic.GetString("password"),
                    SecretFile = Resolve(basic.GetString("password_file")),
                };
            }
            case "authorization":
            {
                YamlSection auth = section.GetSection("authorization")!.AllowOnly("type", "credentials", "credentials_file");
                string type = auth.GetString("type", "Bearer");
                if (type.Equals("basic", StringComparison.OrdinalIgnoreCase))
                    throw auth.Error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
                if (auth.Has("credentials") && auth.Has("credentials_file"))
                    throw auth.Error("credentials_file", "at most one of credentials and credentials_file may be configured");
                return new RemoteWriteAuth { Scheme = type, Secret = auth.GetString("credentials"), SecretFile = Resolve(auth.GetString("credentials_file")) };
            }
            case "bearer_token":
                return new RemoteWriteAuth { Scheme = "Bearer", Secret = section.GetString("bearer_token") };
            case "bearer_token_file":
                return new RemoteWriteAuth { Scheme = "Bearer", SecretFile = Resolve(section.GetString("bearer_token_file")) };
            default:
                return RemoteWriteAuth.None;
        }
    }

    private static RemoteWriteQueueConfig ParseQueue(YamlSection? section)
    {
        RemoteWriteQueueConfig d = RemoteWriteQueueConfig.Default;
        if (section is null) return d;
        section.AllowOnly("capacity", "max_shards", "min_shards", "max_samples_per_send", "batch_send_deadline",
            "min_backoff", "max_backoff", "retry_on_http_429");
        int maxShards = PositiveInt(section, "max_shards") ?? d.MaxShards;
        int minShards = PositiveInt(section, "min_shards") ?? d.MinShards;
        if (minShards > maxShards) throw section.Error("min_shards", $"min_shards ({minShards}) must not exceed max_shards ({maxShards})");
        int perSend = PositiveInt(section, "max_samples_per_send") ?? d.MaxSamplesPerSend;
        int capacity = PositiveInt(section, "capacity") ?? Math.Max(d.Capacity, perSend);
        if (capacity < perSend)
            throw section.Error("capacity", $"capacity ({capacity}) must be at least max_samples_per_send ({perSend})");
        TimeSpan minBackoff = GlobalConfig.Positive(section, "min_backoff") ?? d.MinBackoff;
        TimeSpan maxBackoff = GlobalConfig.Positive(section, "max_backoff") ?? d.MaxBackoff;
        if (minBackoff > maxBackoff) throw section.Error("min_backoff", "min_backoff must not exceed max_backoff");
        return new RemoteWriteQueueConfig
        {
            Capacity = capacity,
            MaxShards = maxShards,
            MinShards = minShards,
            MaxSamplesPerSend = perSend,
            BatchSendDeadline = GlobalConfig.Positive(section, "batch_send_deadline") ?? d.BatchSendDeadline,
            MinBackoff = minBackoff,
            MaxBackoff = maxBackoff,
            RetryOnHttp429 = section.GetBool("retry_on_http_429") ?? d.RetryOnHttp429,
        };
    }

    private static (long Bytes, bool Fsync) ParseBuffer(YamlSection? section)
    {
        if (section is null) return (DefaultBufferBytes, false);
        section.AllowOnly("max_size", "fsync");
        long bytes = DefaultBufferBytes;
        if (section.GetString("max_size") is { } text && !TryParseBytes(text, out bytes))
            throw section.Error("max_size", $"invalid size \"{text}\" (use e.g. 512MB, 1GB)");
        return (bytes, section.GetBool("fsync") ?? false);
    }

    private static int? PositiveInt(YamlSection section, string key)
    {
        string? text = section.GetString(key);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
            throw section.Error(key, $"expected a positive integer, got \"{text}\"");
        return n;
    }

    /// <summary>Prometheus's size units (B, KB, MB, GB, TB, powers of 1024), as <c>--storage.tsdb.retention.size</c>.</summary>
    private static bool TryParseBytes(string text, out long bytes)
    {
        (string Unit, long Bytes)[] units = [("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1)];
        foreach (var (unit, size) in units)
        {
            if (!text.EndsWith(unit, StringComparison.Ordinal)) continue;
            if (long.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                && n > 0 && n <= long.MaxValue / size)
            {
                bytes = n * size;
                return true;
            }
            break;
        }
        bytes = 0;
        return false;
    }
}
