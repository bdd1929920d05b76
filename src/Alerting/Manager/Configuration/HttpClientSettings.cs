using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>The basics of Prometheus's <c>http_config</c>: credentials, TLS verification and proxy for a receiver's client.</summary>
public sealed class HttpClientSettings
{
    public static readonly HttpClientSettings Default = new();

    public string? BasicAuthUsername { get; init; }
    public string? BasicAuthPassword { get; init; }
    public string? BasicAuthPasswordFile { get; init; }
    public string? AuthorizationType { get; init; }
    public string? AuthorizationCredentials { get; init; }
    public string? AuthorizationCredentialsFile { get; init; }
    public string? ProxyUrl { get; init; }
    public bool InsecureSkipVerify { get; init; }
    public bool FollowRedirects { get; init; } = true;

    public static HttpClientSettings Parse(YamlSection? section)
    {
        if (section is null) return Default;
        section.AllowOnly("basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config", "proxy_url",
            "no_proxy", "proxy_from_environment", "proxy_connect_header", "follow_redirects", "enable_http2", "oauth2");
        YamlSection? basic = section.GetSection("basic_auth")?.AllowOnly("username", "password", "password_file");
        YamlSection? authorization = section.GetSection("authorization")?.AllowOnly("type", "credentials", "credentials_file");
        section.GetSection("oauth2")?.AllowOnly("client_id", "client_secret", "client_secret_file", "scopes", "token_url", "endpoint_params", "tls_config", "proxy_url");
        YamlSection? tls = section.GetSection("tls_config")?.AllowOnly("ca", "ca_file", "cert", "cert_file", "key", "key_file", "server_name", "insecure_skip_verify", "min_version", "max_version");
        string? bearer = section.GetString("bearer_token");
        string? bearerFile = section.GetString("bearer_token_file");
        int authKinds = (basic is null ? 0 : 1) + (section.Has("oauth2") ? 1 : 0) + (bearer is null ? 0 : 1) + (bearerFile is null ? 0 : 1);
        if (authKinds > 1)
            throw section.Error("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        if (authorization is not null && (bearer is not null || bearerFile is not null))
            throw section.Error("authorization", "authorization is not compatible with bearer_token & bearer_token_file");
        if (basic is not null && basic.Has("password") && basic.Has("password_file"))
            throw basic.Error("password_file", "at most one of basic_auth password & password_file must be configured");
        if (authorization is not null && authorization.Has("credentials") && authorization.Has("credentials_file"))
            throw authorization.Error("credentials_file", "at most one of authorization credentials & credentials_file must be configured");
        string? authType = authorization?.GetString("type") ?? (bearer is not null || bearerFile is not null || authorization is not null ? "Bearer" : null);
        if (authType is not null && string.Equals(authType, "basic", StringComparison.OrdinalIgnoreCase))
            throw authorization!.Error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        string? proxy = section.GetString("proxy_url");
        if (proxy is not null) ConfigUrl.Validate(section, "proxy_url", proxy);
        return new HttpClientSettings
        {
            BasicAuthUsername = basic?.GetString("username"),
            BasicAuthPassword = basic?.GetString("password"),
            BasicAuthPasswordFile = basic?.GetString("password_file"),
            AuthorizationType = authType,
            AuthorizationCredentials = authorization?.GetString("credentials") ?? bearer,
            AuthorizationCredentialsFile = authorization?.GetString("credentials_file") ?? bearerFile,
            ProxyUrl = proxy,
            InsecureSkipVerify = tls?.GetBool("insecure_skip_verify") ?? false,
            FollowRedirects = section.GetBool("follow_redirects") ?? true,
        };
    }
}
