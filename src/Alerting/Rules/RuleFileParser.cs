using System.Globalization;
using Metrics.Alerting.Templating;
using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>
/// Reads Prometheus rule files and validates them as <c>promtool check rules</c> does: unknown
/// fields end the file (strict YAML); otherwise every rule problem is collected, each naming
/// the file, line, field, group and rule.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] s_groupFields = ["name", "interval", "query_offset", "limit", "rules"];
    private static readonly string[] s_ruleFields = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

    public static RuleFile Load(string path)
    {
        string text;
        try
        {
            text = ConfigFile.ReadAllText(path);
        }
        catch (ConfigException e)
        {
            return new RuleFile { Path = path, Errors = [e] };
        }
        return Parse(text, path);
    }

    public static RuleFile Parse(string text, string path)
    {
        var errors = new List<ConfigException>();
        var groups = new List<RuleGroupDefinition>();
        try
        {
            YamlSection root = YamlSection.Load(text, path);
            root.AllowOnly("groups");
            IReadOnlyList<YamlSection> groupSections = root.GetSectionList("groups");
            foreach (YamlSection g in groupSections) g.AllowOnly(s_groupFields);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (YamlSection g in groupSections)
            {
                string name = g.GetString("name") ?? "";
                if (name.Length == 0)
                {
                    errors.Add(g.Error("name", "Groupname must not be empty"));
                    continue;
                }
                if (!names.Add(name))
                {
                    errors.Add(g.Error("name", $"groupname: \"{name}\" is repeated in the same file"));
                    continue;
                }
                RuleGroupDefinition? group = ParseGroup(g, name, path, errors);
                if (group is not null) groups.Add(group);
            }
        }
        catch (ConfigException e)
        {
            errors.Add(e);
        }
        return new RuleFile { Path = path, Groups = errors.Count == 0 ? groups : [], Errors = errors };
    }

    private static RuleGroupDefinition? ParseGroup(YamlSection g, string name, string path, List<ConfigException> errors)
    {
        TimeSpan? interval = null, offset = null;
        int limit = 0;
        try
        {
            interval = g.GetDuration("interval");
            if (interval is { } i && i <= TimeSpan.Zero) interval = null;
            offset = g.GetDuration("query_offset");
            string? limitText = g.GetString("limit");
            if (limitText is not null && (!int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit < 0))
                throw g.Error("limit", $"invalid limit \"{limitText}\": expected a non-negative integer");
        }
        catch (ConfigException e)
        {
            errors.Add(e);
            return null;
        }
        IReadOnlyList<YamlSection> ruleSections = g.GetSectionList("rules");
        foreach (YamlSection r in ruleSections) r.AllowOnly(s_ruleFields);
        var rules = new List<RuleDefinition>();
        for (int i = 0; i < ruleSections.Count; i++)
        {
            RuleDefinition? rule = ParseRule(ruleSections[i], name, i + 1, errors);
            if (rule is not null) rules.Add(rule);
        }
        return new RuleGroupDefinition { Name = name, File = path, Interval = interval, Limit = limit, QueryOffset = offset, Rules = rules };
    }

    private static RuleDefinition? ParseRule(YamlSection r, string group, int index, List<ConfigException> errors)
    {
        int before = errors.Count;
        string? record = null, alert = null;
        try
        {
            record = r.GetString("record");
            alert = r.GetString("alert");
        }
        catch (ConfigException e)
        {
            errors.Add(e);
            return null;
        }
        // As Prometheus: an alerting rule is named by its alert even when record is also (wrongly) set.
        string ruleName = !string.IsNullOrEmpty(alert) ? alert : record ?? "";
        string where = $"group \"{group}\", rule {index}, \"{ruleName}\"";
        void Add(string key, string problem) => errors.Add(r.Error(key, $"{where}: {problem}"));

        if (!string.IsNullOrEmpty(record) && !string.IsNullOrEmpty(alert)) Add("record", "only one of 'record' and 'alert' must be set");
        else if (string.IsNullOrEmpty(record) && string.IsNullOrEmpty(alert)) Add("alert", "one of 'record' or 'alert' must be set");

        string expr = "";
        Expr? parsed = null;
        TimeSpan forDuration = default, keepFiringFor = default;
        IReadOnlyList<KeyValuePair<string, string>> labels = [], annotations = [];
        try
        {
            expr = r.GetString("expr") ?? "";
            forDuration = r.GetDuration("for") ?? default;
            keepFiringFor = r.GetDuration("keep_firing_for") ?? default;
            labels = r.GetStringMap("labels");
            annotations = r.GetStringMap("annotations");
        }
        catch (ConfigException e)
        {
            errors.Add(e);
            return null;
        }
        if (expr.Length == 0) Add("expr", "field 'expr' must be set in rule");
        else
        {
            try
            {
                parsed = PromQLParser.Parse(expr);
            }
            catch (ParseException e)
            {
                Add("expr", "could not parse expression: " + e.Message);
            }
        }
        if (!string.IsNullOrEmpty(record))
        {
            if (annotations.Count > 0) Add("annotations", "invalid field 'annotations' in recording rule");
            if (forDuration != TimeSpan.Zero) Add("for", "invalid field 'for' in recording rule");
            if (keepFiringFor != TimeSpan.Zero) Add("keep_firing_for", "invalid field 'keep_firing_for' in recording rule");
            if (!LabelNames.IsValidMetricName(record)) Add("record", "invalid recording rule name: " + record);
        }
        foreach (var (name, value) in labels)
        {
            if (!LabelNames.IsValidLabelName(name) || name == LabelNames.MetricName) Add("labels", "invalid label name: " + name);
            if (!System.Text.Unicode.Utf8.IsValid(System.Text.Encoding.UTF8.GetBytes(value))) Add("labels", "invalid label value: " + value);
        }
        foreach (var (name, _) in annotations)
            if (!LabelNames.IsValidLabelName(name)) Add("annotations", "invalid annotation name: " + name);
        if (!string.IsNullOrEmpty(alert))
        {
            // As Prometheus: every label and annotation of an alerting rule must parse as a template.
            foreach (var (name, value) in labels)
                if (AlertTemplate.ParseError(alert, value) is { } problem) Add("labels", $"label \"{name}\": {problem}");
            foreach (var (name, value) in annotations)
                if (AlertTemplate.ParseError(alert, value) is { } problem) Add("annotations", $"annotation \"{name}\": {problem}");
        }
        if (errors.Count > before) return null;
        return new RuleDefinition
        {
            Record = string.IsNullOrEmpty(record) ? null : record,
            Alert = string.IsNullOrEmpty(alert) ? null : alert,
            Expr = expr,
            Parsed = parsed!,
            For = forDuration,
            KeepFiringFor = keepFiringFor,
            Labels = labels,
            Annotations = annotations,
        };
    }
}
