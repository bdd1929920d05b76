using System.Text.RegularExpressions;
using Metrics.Store.Labels;

namespace Metrics.Collector.Relabel;

/// <summary>
/// One validated relabel step, as written in <c>relabel_configs</c>, <c>metric_relabel_configs</c>
/// or <c>write_relabel_configs</c>; its regex and templates are compiled once, here.
/// </summary>
/// <remarks>
/// Defaults and validation follow Prometheus's <c>model/relabel</c> (3.x) with the legacy
/// label-name rule <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, which is the rule the rest of this stack
/// enforces (Prometheus 3 also offers UTF-8 names; see the relabel notes in the report).
/// </remarks>
public sealed partial class RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultRegex = RelabelRegex.DefaultPattern;
    public const string DefaultReplacement = "$1";

    // Prometheus's relabelTargetLegacy: legacy name characters plus $var / ${var} references.
    // Go's \w is ASCII, hence the explicit class.
    private static readonly Regex TemplatedLabelName = new(
        @"^(?:(?:[a-zA-Z_]|\$(?:\{[a-zA-Z0-9_]+\}|[a-zA-Z0-9_]+))+[a-zA-Z0-9_]*)+\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private readonly string[] _sourceLabels;

    private RelabelConfig(RelabelAction action, string[]? sourceLabels, string separator, RelabelRegex regex,
        bool regexSet, ulong modulus, string targetLabel, string replacement)
    {
        Action = action;
        _sourceLabels = sourceLabels ?? [];
        Separator = separator;
        CompiledRegex = regex;
        IsRegexSet = regexSet;
        Modulus = modulus;
        TargetLabel = targetLabel;
        Replacement = replacement;
        TargetTemplate = ExpansionTemplate.Parse(targetLabel, regex);
        ReplacementTemplate = ExpansionTemplate.Parse(replacement, regex);
    }

    public RelabelAction Action { get; }

    /// <summary>Labels whose values are joined with <see cref="Separator"/> into the value the action works on.</summary>
    public IReadOnlyList<string> SourceLabels => _sourceLabels;

    public string Separator { get; }

    /// <summary>The pattern as configured, without the anchors that are always added.</summary>
    public string Regex => CompiledRegex.Pattern;

    /// <summary>True when the configuration named a regex, even one equal to the default.</summary>
    public bool IsRegexSet { get; }

    public ulong Modulus { get; }

    public string TargetLabel { get; }

    public string Replacement { get; }

    internal RelabelRegex CompiledRegex { get; }

    internal ReadOnlySpan<string> SourceLabelSpan => _sourceLabels;

    internal ExpansionTemplate TargetTemplate { get; }

    internal ExpansionTemplate ReplacementTemplate { get; }

    /// <summary>
    /// Builds and validates a step with Prometheus's defaults for anything not given; a null
    /// <paramref name="regex"/> means "not configured" (the default <c>(.*)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The step is invalid; the message is Prometheus's.</exception>
    public static RelabelConfig Create(
        RelabelAction action = RelabelAction.Replace,
        IReadOnlyList<string>? sourceLabels = null,
        string separator = DefaultSeparator,
        string? regex = null,
        ulong modulus = 0,
        string targetLabel = "",
        string replacement = DefaultReplacement)
    {
        string[]? sources = sourceLabels is null ? null : [.. sourceLabels];
        RelabelRegex compiled = regex is null ? RelabelRegex.Default : RelabelRegex.Compile(regex);
        var config = new RelabelConfig(action, sources, separator, compiled, regex is not null, modulus, targetLabel, replacement);
        if (config.FindProblem(sourceLabelsSet: sources is not null) is { } problem)
            throw new ArgumentException(problem.Message);
        return config;
    }

    /// <summary>The first rule the step breaks, in Prometheus's order, with the YAML field to blame.</summary>
    private (string Field, string Message)? FindProblem(bool sourceLabelsSet)
    {
        foreach (string name in _sourceLabels)
            if (!LabelNames.IsValidLabelName(name))
                return ("source_labels", $"\"{name}\" is not a valid label name");

        string act = ActionName(Action);
        bool isReplace = Action == RelabelAction.Replace;
        bool isCaseOrEqual = Action is RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        bool targetHasVar = TargetLabel.Contains('$', StringComparison.Ordinal);

        if (Modulus == 0 && Action == RelabelAction.HashMod)
            return ("modulus", "relabel configuration for hashmod requires non-zero modulus");
        if ((isReplace || isCaseOrEqual || Action == RelabelAction.HashMod) && TargetLabel.Length == 0)
            return ("target_label", $"relabel configuration for {act} action requires 'target_label' value");
        if (isReplace && !targetHasVar && !LabelNames.IsValidLabelName(TargetLabel))
            return ("target_label", $"\"{TargetLabel}\" is invalid 'target_label' for {act} action");
        if (isReplace && targetHasVar && !TemplatedLabelName.IsMatch(TargetLabel))
            return ("target_label", $"\"{TargetLabel}\" is invalid 'target_label' for {act} action");
        if (isCaseOrEqual && !LabelNames.IsValidLabelName(TargetLabel))
            return ("target_label", $"\"{TargetLabel}\" is invalid 'target_label' for {act} action");
        if (isCaseOrEqual && Replacement != DefaultReplacement)
            return ("replacement", $"'replacement' can not be set for {act} action");
        if (Action == RelabelAction.LabelMap && !TemplatedLabelName.IsMatch(Replacement))
            return ("replacement", $"\"{Replacement}\" is invalid 'replacement' for {act} action");
        if (Action == RelabelAction.HashMod && !LabelNames.IsValidLabelName(TargetLabel))
            return ("target_label", $"\"{TargetLabel}\" is invalid 'target_label' for {act} action");

        if (Action is RelabelAction.KeepEqual or RelabelAction.DropEqual)
        {
            // Prometheus compares the regex by identity with the default, so naming any regex
            // (even "(.*)") is an error here. The message's mixed quotes are Prometheus's.
            string? extra = IsRegexSet ? "regex" : Modulus != 0 ? "modulus"
                : Separator != DefaultSeparator ? "separator" : Replacement != DefaultReplacement ? "replacement" : null;
            if (extra is not null)
                return (extra, $"{act} action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if (Action is RelabelAction.LabelDrop or RelabelAction.LabelKeep)
        {
            // Prometheus tests source_labels against nil, so even an empty list is refused.
            string? extra = sourceLabelsSet ? "source_labels" : TargetLabel.Length != 0 ? "target_label"
                : Modulus != 0 ? "modulus" : Separator != DefaultSeparator ? "separator"
                : Replacement != DefaultReplacement ? "replacement" : null;
            if (extra is not null)
                return (extra, $"{act} action requires only 'regex', and no other fields");
        }
        return null;
    }

    /// <summary>The configuration name of an action (<c>labelmap</c>, <c>keepequal</c>, ...).</summary>
    public static string ActionName(RelabelAction action) => action switch
    {
        RelabelAction.Replace => "replace",
        RelabelAction.Keep => "keep",
        RelabelAction.Drop => "drop",
        RelabelAction.KeepEqual => "keepequal",
        RelabelAction.DropEqual => "dropequal",
        RelabelAction.HashMod => "hashmod",
        RelabelAction.LabelMap => "labelmap",
        RelabelAction.LabelDrop => "labeldrop",
        RelabelAction.LabelKeep => "labelkeep",
        RelabelAction.Lowercase => "lowercase",
        RelabelAction.Uppercase => "uppercase",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown relabel action"),
    };

    public override string ToString()
        => $"{{action: {ActionName(Action)}, source_labels: [{string.Join(", ", _sourceLabels)}], separator: \"{Separator}\", "
         + $"regex: \"{Regex}\", modulus: {Modulus}, target_label: \"{TargetLabel}\", replacement: \"{Replacement}\"}}";
}
