using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>A Slack attachment field (<c>fields:</c>): a templated title and value; <see cref="Short"/> null means the config's <c>short_fields</c>.</summary>
public sealed record SlackField(string Title, string Value, bool? Short)
{
    public static SlackField Parse(YamlSection s)
    {
        s.AllowOnly("title", "value", "short");
        string title = s.GetString("title") ?? "";
        string value = s.GetString("value") ?? "";
        if (title.Length == 0) throw s.Error("title", "missing title in Slack field configuration");
        if (value.Length == 0) throw s.Error("value", "missing value in Slack field configuration");
        return new SlackField(title, value, s.GetBool("short"));
    }
}

/// <summary>A Slack message button (<c>actions:</c>); every text is a template. A URL button has no name, value or confirmation.</summary>
public sealed record SlackAction(string Type, string Text, string Url, string Style, string Name, string Value, SlackConfirmation? Confirm)
{
    public static SlackAction Parse(YamlSection s)
    {
        s.AllowOnly("type", "text", "url", "style", "name", "value", "confirm");
        string type = s.GetString("type") ?? "", text = s.GetString("text") ?? "", url = s.GetString("url") ?? "";
        string name = s.GetString("name") ?? "", value = s.GetString("value") ?? "";
        if (type.Length == 0) throw s.Error("type", "missing type in Slack action configuration");
        if (text.Length == 0) throw s.Error("text", "missing text in Slack action configuration");
        SlackConfirmation? confirm = s.GetSection("confirm") is { } c ? SlackConfirmation.Parse(c) : null;
        // As Alertmanager normalizes it: a URL wins over a name (and drops the name, value and confirmation).
        if (url.Length > 0) return new SlackAction(type, text, url, s.GetString("style") ?? "", "", "", null);
        if (name.Length == 0) throw s.Error("name", "missing name or url in Slack action configuration");
        return new SlackAction(type, text, "", s.GetString("style") ?? "", name, value, confirm);
    }
}

/// <summary>The confirmation dialog of a Slack action.</summary>
public sealed record SlackConfirmation(string Title, string Text, string OkText, string DismissText)
{
    public static SlackConfirmation Parse(YamlSection s)
    {
        s.AllowOnly("title", "text", "ok_text", "dismiss_text");
        string text = s.GetString("text") ?? "";
        if (text.Length == 0) throw s.Error("text", "missing text in Slack confirmation configuration");
        return new SlackConfirmation(s.GetString("title") ?? "", text, s.GetString("ok_text") ?? "", s.GetString("dismiss_text") ?? "");
    }
}
