using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// HTTP access to the Kubernetes API server with the config's credentials: a bearer token (re-read
/// from its file on every request, since service-account tokens rotate), basic auth, a CA bundle or
/// no verification, and an optional client certificate. In-cluster when no api_server is given.
/// </summary>
internal sealed class KubernetesApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<AuthenticationHeaderValue?> _authorization;

    private KubernetesApiClient(Uri server, HttpClient http, Func<AuthenticationHeaderValue?> authorization)
    {
        Server = server;
        _http = http;
        _authorization = authorization;
    }

    public Uri Server { get; }

    /// <summary>The namespace of the service account this process runs as, for <c>own_namespace</c>.</summary>
    public static string OwnNamespace(KubernetesEnvironment env)
    {
        string file = Path.Combine(env.ServiceAccountDirectory, "namespace");
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"own_namespace: cannot read {file}: {e.Message}", e);
        }
    }

    /// <exception cref="InvalidOperationException">In-cluster settings or credential files are missing; the message says which.</exception>
    public static KubernetesApiClient Create(KubernetesSdConfig config, Uri? apiServer, KubernetesEnvironment env)
    {
        Uri server;
        string? caFile = config.CaFile;
        Func<AuthenticationHeaderValue?> auth;
        if (apiServer is null)
        {
            string host = env.Variables("KUBERNETES_SERVICE_HOST") ?? "";
            string port = env.Variables("KUBERNETES_SERVICE_PORT") ?? "";
            if (host.Length == 0 || port.Length == 0)
                throw new InvalidOperationException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined (or set api_server)");
            server = new Uri($"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
            string tokenFile = Path.Combine(env.ServiceAccountDirectory, "token");
            caFile = Path.Combine(env.ServiceAccountDirectory, "ca.crt");
            auth = () => new AuthenticationHeaderValue("Bearer", ReadSecret(tokenFile));
        }
        else
        {
            server = apiServer;
            auth = Authorization(config);
        }

        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        X509Certificate2Collection? roots = null;
        if (caFile is not null && !config.InsecureSkipVerify)
        {
            roots = [];
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidOperationException($"tls_config.ca_file: cannot read {caFile}: {e.Message}", e);
            }
        }
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            TargetHost = config.ServerName,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, roots, config.InsecureSkipVerify),
        };
        if (config.CertFile is not null && config.KeyFile is not null)
        {
            try
            {
                handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(config.CertFile, config.KeyFile)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidOperationException($"tls_config.cert_file: cannot load {config.CertFile} with {config.KeyFile}: {e.Message}", e);
            }
        }
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("metrics-collector/0.1 (kubernetes-sd)");
        http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return new KubernetesApiClient(server, http, auth);
    }

    /// <summary>Sends a GET; with <paramref name="stream"/> the body is read as it arrives (watches).</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, bool stream, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, pathAndQuery));
        request.Headers.Authorization = _authorization();
        return await _http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static Func<AuthenticationHeaderValue?> Authorization(KubernetesSdConfig c)
    {
        if (c.BearerToken is { } token) return () => new AuthenticationHeaderValue("Bearer", token);
        if (c.BearerTokenFile is { } tokenFile) return () => new AuthenticationHeaderValue("Bearer", ReadSecret(tokenFile));
        if (c.Credentials is { } credentials) return () => new AuthenticationHeaderValue(c.AuthorizationType, credentials);
        if (c.CredentialsFile is { } credentialsFile) return () => new AuthenticationHeaderValue(c.AuthorizationType, ReadSecret(credentialsFile));
        if (c.BasicAuthUsername is { } user)
        {
            return () =>
            {
                string password = c.BasicAuthPasswordFile is { } f ? ReadSecret(f) : c.BasicAuthPassword ?? "";
                return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            };
        }
        return () => null;
    }

    private static string ReadSecret(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read credentials file {file}: {e.Message}", e);
        }
    }

    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, bool insecure)
    {
        if (insecure) return true;
        if (roots is null || certificate is null) return errors == SslPolicyErrors.None;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        // The cluster CA is private: trust exactly it, not the system roots.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
