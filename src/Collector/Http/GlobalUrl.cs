namespace Metrics.Collector.Http;

/// <summary>
/// The targets API's <c>globalUrl</c>: a target URL as seen from other machines. As Prometheus does, a
/// loopback host becomes this machine's name; a loopback target on our own port is ourselves, and also
/// takes our externally visible scheme.
/// </summary>
internal static class GlobalUrl
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost", "::1", "[::1]"];

    public static string For(Uri target, string ownHost, int ownPort, string ownScheme)
    {
        // Go's SplitHostPort fails on a host without a port, and Prometheus then leaves the URL alone.
        if (Array.IndexOf(Loopback, target.Host) < 0 || target.IsDefaultPort) return target.OriginalString;
        string scheme = target.Port == ownPort ? ownScheme : target.Scheme;
        return $"{scheme}://{ownHost}:{target.Port}{target.PathAndQuery}";
    }
}
