using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>Validates URLs in alertmanager.yml as Alertmanager does: absolute, http or https, with a host.</summary>
internal static class ConfigUrl
{
    public static Uri Validate(YamlSection section, string key, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
            throw section.Error(key, $"invalid URL \"{text}\"");
        if (uri.Scheme is not ("http" or "https"))
            throw section.Error(key, $"unsupported scheme \"{uri.Scheme}\" for URL");
        if (uri.Host.Length == 0)
            throw section.Error(key, "missing host for URL");
        return uri;
    }

    public static Uri? Optional(YamlSection section, string key)
        => section.GetString(key) is { } text ? Validate(section, key, text) : null;
}
