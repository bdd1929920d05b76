using System.Globalization;
using System.Net;
using Metrics.Store.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Metrics.Host.Roles;

/// <summary>A <c>host:port</c> listen address as Prometheus accepts it (<c>:9090</c>, <c>0.0.0.0:9090</c>, <c>[::1]:9090</c>).</summary>
public sealed record ListenAddress(string Host, int Port)
{
    public static ListenAddress Parse(string text, string flag)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new ConfigException(flag, 0, 0, "", $"invalid listen address \"{text}\": expected host:port");
        string host = text[..colon].Trim('[', ']');
        return new ListenAddress(host, port);
    }

    private bool IsAnyAddress => Host is "" or "0.0.0.0" or "::";

    /// <summary>The address this process scrapes itself at, for the target name <c>self</c>.</summary>
    public string SelfTarget => IsAnyAddress ? $"localhost:{Port}" : Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public void Bind(KestrelServerOptions kestrel)
    {
        if (IsAnyAddress)
        {
            if (Host == "0.0.0.0") kestrel.Listen(IPAddress.Any, Port);
            else kestrel.ListenAnyIP(Port);
        }
        else if (Host == "localhost") kestrel.ListenLocalhost(Port);
        else if (IPAddress.TryParse(Host, out IPAddress? ip)) kestrel.Listen(ip, Port);
        else
        {
            foreach (IPAddress resolved in Dns.GetHostAddresses(Host)) kestrel.Listen(resolved, Port);
        }
    }
}
