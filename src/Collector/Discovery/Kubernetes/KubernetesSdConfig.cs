using Metrics.Store.Configuration;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// Prometheus's <c>kubernetes_sd_configs</c> entry. Without <c>api_server</c> the in-cluster service
/// account is used (token, CA and namespace under /var/run/secrets/kubernetes.io/serviceaccount).
/// </summary>
public sealed class KubernetesSdConfig
{
    public required KubernetesRole Role { get; init; }

    /// <summary>The API server URL, or null for in-cluster configuration.</summary>
    public Uri? ApiServer { get; init; }

    public string? BearerToken { get; init; }
    public string? BearerTokenFile { get; init; }
    public string AuthorizationType { get; init; } = "Bearer";
    public string? Credentials { get; init; }
    public string? CredentialsFile { get; init; }
    public string? BasicAuthUsername { get; init; }
    public string? BasicAuthPassword { get; init; }
    public string? BasicAuthPasswordFile { get; init; }
    public string? CaFile { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Namespaces to watch; empty (and not <see cref="OwnNamespace"/>) means all.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];
    public bool OwnNamespace { get; init; }
    public IReadOnlyList<KubernetesSelector> Selectors { get; init; } = [];

    /// <summary><c>attach_metadata.node</c>: add the node's name and labels to pod and endpoint targets.</summary>
    public bool AttachNodeMetadata { get; init; }

    private static readonly string[] Fields =
        ["role", "api_server", "bearer_token", "bearer_token_file", "authorization", "basic_auth", "tls_config", "namespaces", "selectors", "attach_metadata"];

    public static KubernetesSdConfig Parse(YamlSection section)
    {
        section.AllowOnly(Fields);
        KubernetesRole role = ParseRole(section, "role", section.GetString("role"))
            ?? throw section.Error("role", "role missing (one of: pod, service, endpoints, endpointslice, node)");

        string? apiText = section.GetString("api_server");
        Uri? api = null;
        if (!string.IsNullOrEmpty(apiText) && (!Uri.TryCreate(apiText, UriKind.Absolute, out api) || api.Scheme is not ("http" or "https")))
            throw section.Error("api_server", $"invalid URL \"{apiText}\": expected http(s)://host[:port]");

        YamlSection? authorization = section.GetSection("authorization")?.AllowOnly("type", "credentials", "credentials_file");
        YamlSection? basic = section.GetSection("basic_auth")?.AllowOnly("username", "password", "password_file");
        YamlSection? tls = section.GetSection("tls_config")?.AllowOnly("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify");
        bool customClient = section.Has("bearer_token") || section.Has("bearer_token_file") || authorization is not null || basic is not null || tls is not null;
        if (api is null && customClient)
            throw section.Error("api_server", "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
        int authKinds = (section.Has("bearer_token") || section.Has("bearer_token_file") ? 1 : 0) + (authorization is null ? 0 : 1) + (basic is null ? 0 : 1);
        if (authKinds > 1) throw section.Error("at most one of basic_auth, authorization and bearer_token(_file) may be configured");
        if (section.Has("bearer_token") && section.Has("bearer_token_file"))
            throw section.Error("bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
        if (authorization is not null && authorization.Has("credentials") && authorization.Has("credentials_file"))
            throw authorization.Error("credentials", "at most one of credentials & credentials_file must be configured");
        if (tls is not null && tls.Has("cert_file") != tls.Has("key_file"))
            throw tls.Error("cert_file and key_file must both be set for a client certificate");

        YamlSection? ns = section.GetSection("namespaces")?.AllowOnly("names", "own_namespace");
        bool attachNode = section.GetSection("attach_metadata")?.AllowOnly("node").GetBool("node") ?? false;
        if (attachNode && role is not (KubernetesRole.Pod or KubernetesRole.Endpoints or KubernetesRole.EndpointSlice))
            throw section.Error("attach_metadata", "attach_metadata.node is supported only for the pod, endpoints and endpointslice roles");
        // File paths are relative to the config file, as Prometheus resolves them.
        string baseDir = File.Exists(section.File) ? Path.GetDirectoryName(Path.GetFullPath(section.File))! : Directory.GetCurrentDirectory();
        string? PathOf(YamlSection? s, string key) => s?.GetString(key) is { Length: > 0 } p ? Path.GetFullPath(p, baseDir) : null;
        return new KubernetesSdConfig
        {
            Role = role,
            ApiServer = api,
            BearerToken = section.GetString("bearer_token"),
            BearerTokenFile = PathOf(section, "bearer_token_file"),
            AuthorizationType = authorization?.GetString("type") ?? "Bearer",
            Credentials = authorization?.GetString("credentials"),
            CredentialsFile = PathOf(authorization, "credentials_file"),
            BasicAuthUsername = basic?.GetString("username"),
            BasicAuthPassword = basic?.GetString("password"),
            BasicAuthPasswordFile = PathOf(basic, "password_file"),
            CaFile = PathOf(tls, "ca_file"),
            CertFile = PathOf(tls, "cert_file"),
            KeyFile = PathOf(tls, "key_file"),
            ServerName = tls?.GetString("server_name"),
            InsecureSkipVerify = tls?.GetBool("insecure_skip_verify") ?? false,
            Namespaces = ns?.GetStringList("names") ?? [],
            OwnNamespace = ns?.GetBool("own_namespace") ?? false,
            Selectors = ParseSelectors(section, role, attachNode),
            AttachNodeMetadata = attachNode,
        };
    }

    private static List<KubernetesSelector> ParseSelectors(YamlSection section, KubernetesRole role, bool attachNode)
    {
        KubernetesRole[] allowed = role switch
        {
            KubernetesRole.Endpoints => [KubernetesRole.Pod, KubernetesRole.Service, KubernetesRole.Endpoints],
            KubernetesRole.EndpointSlice => [KubernetesRole.Pod, KubernetesRole.Service, KubernetesRole.EndpointSlice],
            _ => [role],
        };
        // With node metadata the node watch can be narrowed too.
        if (attachNode) allowed = [.. allowed, KubernetesRole.Node];
        var result = new List<KubernetesSelector>();
        foreach (YamlSection s in section.GetSectionList("selectors"))
        {
            s.AllowOnly("role", "label", "field");
            KubernetesRole selectorRole = ParseRole(s, "role", s.GetString("role")) ?? throw s.Error("role", "is required");
            if (Array.IndexOf(allowed, selectorRole) < 0)
                throw s.Error("role", $"{Name(role)} role supports only {string.Join(", ", allowed.Select(Name))} selectors");
            if (result.Any(r => r.Role == selectorRole))
                throw s.Error("role", $"duplicated selector role: {Name(selectorRole)}");
            result.Add(new KubernetesSelector(selectorRole, s.GetString("label", ""), s.GetString("field", "")));
        }
        return result;
    }

    private static KubernetesRole? ParseRole(YamlSection section, string key, string? text) => text switch
    {
        null or "" => null,
        "pod" => KubernetesRole.Pod,
        "service" => KubernetesRole.Service,
        "endpoints" => KubernetesRole.Endpoints,
        "endpointslice" => KubernetesRole.EndpointSlice,
        "node" => KubernetesRole.Node,
        _ => throw section.Error(key, $"unknown Kubernetes SD role \"{text}\" (one of: pod, service, endpoints, endpointslice, node)"),
    };

    /// <summary>The role's name as written in the config.</summary>
    public static string Name(KubernetesRole role) => role switch
    {
        KubernetesRole.Pod => "pod",
        KubernetesRole.Service => "service",
        KubernetesRole.Endpoints => "endpoints",
        KubernetesRole.EndpointSlice => "endpointslice",
        _ => "node",
    };
}
