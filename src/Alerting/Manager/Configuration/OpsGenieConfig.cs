using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>An <c>opsgenie_configs</c> entry: alerts created and closed through OpsGenie's Alert API v2.</summary>
public sealed class OpsGenieConfig
{
    public required Uri ApiUrl { get; init; }
    public string? ApiKey { get; init; }
    public string? ApiKeyFile { get; init; }
    public bool SendResolved { get; init; } = true;
    public HttpClientSettings HttpConfig { get; init; } = HttpClientSettings.Default;
    public string? Message { get; init; }
    public string? Description { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];
    public IReadOnlyList<OpsGenieResponder> Responders { get; init; } = [];
    public string? Tags { get; init; }
    public string? Note { get; init; }
    public string? Priority { get; init; }
    public string? Entity { get; init; }
    public string? Actions { get; init; }
    public bool UpdateAlerts { get; init; }

    private static readonly string[] ResponderTypes = ["team", "teams", "user", "escalation", "schedule"];

    public static OpsGenieConfig Parse(YamlSection s, GlobalSettings global)
    {
        s.AllowOnly("send_resolved", "http_config", "api_key", "api_key_file", "api_url", "message", "description", "source",
            "details", "entity", "responders", "actions", "tags", "note", "priority", "update_alerts");
        if (s.Has("api_key") && s.Has("api_key_file")) throw s.Error("api_key_file", "at most one of api_key & api_key_file must be configured");
        string? key = s.GetString("api_key");
        string? keyFile = s.GetString("api_key_file");
        if (key is null && keyFile is null)
        {
            if (global.OpsGenieApiKey is null && global.OpsGenieApiKeyFile is null)
                throw s.Error("api_key", "no global OpsGenie API Key set either inline or in a file");
            key = global.OpsGenieApiKey;
            keyFile = global.OpsGenieApiKeyFile;
        }
        var responders = new List<OpsGenieResponder>();
        foreach (YamlSection r in s.GetSectionList("responders"))
        {
            r.AllowOnly("id", "name", "username", "type");
            var responder = new OpsGenieResponder(r.GetString("id"), r.GetString("name"), r.GetString("username"), r.GetString("type", ""));
            if (responder.Id is null && responder.Name is null && responder.Username is null)
                throw r.Error("opsGenieConfig responder must have at least an id, a name or a username defined");
            // A templated type is checked when rendered; a literal one must be known.
            if (!responder.Type.Contains("{{", StringComparison.Ordinal) && Array.IndexOf(ResponderTypes, responder.Type.ToLowerInvariant()) < 0)
                throw r.Error("type", $"opsGenieConfig responder has invalid type \"{responder.Type}\"");
            responders.Add(responder);
        }
        return new OpsGenieConfig
        {
            ApiUrl = ConfigUrl.Optional(s, "api_url") ?? global.OpsGenieApiUrl,
            ApiKey = key,
            ApiKeyFile = keyFile,
            SendResolved = s.GetBool("send_resolved") ?? true,
            HttpConfig = s.Has("http_config") ? HttpClientSettings.Parse(s.GetSection("http_config")) : global.HttpConfig,
            Message = s.GetString("message"),
            Description = s.GetString("description"),
            Source = s.GetString("source"),
            Details = s.GetStringMap("details"),
            Responders = responders,
            Tags = s.GetString("tags"),
            Note = s.GetString("note"),
            Priority = s.GetString("priority"),
            Entity = s.GetString("entity"),
            Actions = s.GetString("actions"),
            UpdateAlerts = s.GetBool("update_alerts") ?? false,
        };
    }
}

/// <summary>Who OpsGenie should notify: a team, user, escalation or schedule, by id, name or username.</summary>
public sealed record OpsGenieResponder(string? Id, string? Name, string? Username, string Type);
