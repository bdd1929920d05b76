using System.Collections;
using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>
/// Alertmanager's <c>template.KV</c>: a label or annotation map with the methods notification templates call,
/// <c>.SortedPairs</c>, <c>.Names</c>, <c>.Values</c> and <c>.Remove</c>. Ranging over it visits keys in sorted order.
/// </summary>
public sealed class TemplateKV : IReadOnlyDictionary<string, string>, ITemplateMethods
{
    public const string AlertName = "alertname";

    private readonly Dictionary<string, string> _map;

    public TemplateKV(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        _map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs) _map[k] = v;
    }

    public static TemplateKV Empty { get; } = new([]);

    /// <summary>The pairs by name, except that <c>alertname</c> comes first (as Alertmanager orders them).</summary>
    public TemplatePairs SortedPairs()
    {
        var keys = _map.Keys.Where(k => k != AlertName).Order(StringComparer.Ordinal).ToList();
        if (_map.ContainsKey(AlertName)) keys.Insert(0, AlertName);
        return new TemplatePairs(keys.Select(k => new TemplatePair(k, _map[k])).ToList());
    }

    /// <summary>A copy without the named keys.</summary>
    public TemplateKV Remove(IEnumerable<string> keys)
    {
        var drop = keys.ToHashSet(StringComparer.Ordinal);
        return new TemplateKV(_map.Where(p => !drop.Contains(p.Key)));
    }

    public string GoTypeName => "template.KV";

    public bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result)
    {
        switch (method)
        {
            case "SortedPairs":
                TemplatePairs.NoArgs(method, args);
                result = SortedPairs();
                return true;
            case "Names":
                TemplatePairs.NoArgs(method, args);
                result = SortedPairs().Names();
                return true;
            case "Values":
                TemplatePairs.NoArgs(method, args);
                result = SortedPairs().Values();
                return true;
            case "Remove":
                if (args.Count != 1) throw new TemplateException($"wrong number of args for Remove: want 1 got {args.Count}");
                result = Remove(TemplatePairs.StringList(args[0]));
                return true;
            default:
                result = null;
                return false;
        }
    }

    public string this[string key] => _map[key];
    public IEnumerable<string> Keys => _map.Keys;
    public IEnumerable<string> Values => _map.Values;
    public int Count => _map.Count;
    public bool ContainsKey(string key) => _map.ContainsKey(key);
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => _map.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _map.OrderBy(p => p.Key, StringComparer.Ordinal).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
