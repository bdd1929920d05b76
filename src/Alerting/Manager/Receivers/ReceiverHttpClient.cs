using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Metrics.Alerting.Manager.Configuration;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>Builds the HttpClient an integration uses from its <c>http_config</c>.</summary>
public static class ReceiverHttpClient
{
    public static HttpClient Create(HttpClientSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = settings.FollowRedirects,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (settings.ProxyUrl is not null) handler.Proxy = new WebProxy(settings.ProxyUrl);
        if (settings.InsecureSkipVerify)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        // Attempts carry their own timeout; the client's must not cut them shorter.
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Alertmanager/0.25.0");
        if (settings.BasicAuthUsername is not null)
        {
            string password = settings.BasicAuthPassword ?? (settings.BasicAuthPasswordFile is { } f ? File.ReadAllText(f).Trim() : "");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(settings.BasicAuthUsername + ":" + password)));
        }
        else if (settings.AuthorizationType is not null)
        {
            string credentials = settings.AuthorizationCredentials ?? (settings.AuthorizationCredentialsFile is { } f ? File.ReadAllText(f).Trim() : "");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(settings.AuthorizationType, credentials);
        }
        return client;
    }

    /// <summary>A secret given inline or as a file path; files are read on every use so rotation needs no restart.</summary>
    public static string Secret(string? inline, string? file)
        => inline ?? (file is not null ? File.ReadAllText(file).Trim() : "");
}
