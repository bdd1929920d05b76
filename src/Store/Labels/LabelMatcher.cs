using System.Text.RegularExpressions;

namespace Metrics.Store.Labels;

/// <summary>
/// A condition on one label's value. A missing label matches as the empty string, so
/// <c>{a=""}</c> selects series without <c>a</c>, exactly as in Prometheus.
/// </summary>
public sealed class LabelMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(5);
    private readonly Regex? _regex;

    /// <param name="dotMatchesNewline">
    /// True (Prometheus, RE2's <c>(?s)</c>) lets <c>.</c> match a newline; Alertmanager compiles its matchers
    /// without that flag, so its matchers pass false.
    /// </param>
    public LabelMatcher(MatcherType type, string name, string value, bool dotMatchesNewline = true)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatcherType.Regex or MatcherType.NotRegex)
        {
            try
            {
                // Both ends anchored; \z, not $, because .NET's $ also matches before a final newline.
                // NonBacktracking gives RE2's linear-time guarantee against hostile patterns.
                _regex = new Regex((dotMatchesNewline ? "^(?s:" : "^(?:") + value + @")\z",
                    RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"invalid regular expression \"{value}\" for label \"{name}\": {e.Message}", e);
            }
        }
    }

    public MatcherType Type { get; }
    public string Name { get; }
    public string Value { get; }

    public static LabelMatcher Equal(string name, string value) => new(MatcherType.Equal, name, value);

    /// <summary>True when this matcher accepts the empty string, i.e. also series lacking the label.</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    public bool Matches(string value) => Type switch
    {
        MatcherType.Equal => string.Equals(value, Value, StringComparison.Ordinal),
        MatcherType.NotEqual => !string.Equals(value, Value, StringComparison.Ordinal),
        MatcherType.Regex => _regex!.IsMatch(value),
        MatcherType.NotRegex => !_regex!.IsMatch(value),
        _ => false,
    };

    /// <summary>True when the series with these labels satisfies the matcher.</summary>
    public bool Matches(LabelSet labels) => Matches(labels.Get(Name));

    public override string ToString()
    {
        string op = Type switch
        {
            MatcherType.Equal => "=",
            MatcherType.NotEqual => "!=",
            MatcherType.Regex => "=~",
            _ => "!~",
        };
        return $"{Name}{op}\"{LabelSet.EscapeValue(Value)}\"";
    }
}
