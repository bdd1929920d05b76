using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Metrics.Store.Labels;

namespace Metrics.Collector.Relabel;

/// <summary>Applies relabel steps to a label set, in order, exactly as Prometheus's <c>relabel.Process</c> does.</summary>
/// <remarks>
/// Runs once per target and, for <c>metric_relabel_configs</c>, once per scraped series, so it
/// avoids work that does not change the outcome: a step that changes nothing touches no
/// builder, a run that changes nothing returns the input instance, keep/drop/keepequal/
/// dropequal/hashmod match on a span of the joined values without creating a string, and
/// <c>replace</c> asks the regex for groups only when a template references one.
/// </remarks>
public static class Relabeler
{
    [ThreadStatic] private static RelabelScratch? t_scratch;

    /// <summary>The relabeled set, or null when a keep/drop-style step dropped it.</summary>
    public static LabelSet? Process(LabelSet labels, IReadOnlyList<RelabelConfig> configs)
    {
        if (configs.Count == 0) return labels;
        RelabelScratch s = t_scratch ??= new RelabelScratch();
        s.Begin(labels);
        try
        {
            for (int i = 0; i < configs.Count; i++)
            {
                if (!Apply(configs[i], s)) return null;
            }
            return s.Result();
        }
        finally
        {
            s.End();
        }
    }

    private static bool Apply(RelabelConfig cfg, RelabelScratch s)
    {
        switch (cfg.Action)
        {
            case RelabelAction.Drop:
                return !cfg.CompiledRegex.IsMatch(s.Join(cfg));
            case RelabelAction.Keep:
                return cfg.CompiledRegex.IsMatch(s.Join(cfg));
            case RelabelAction.DropEqual:
                return !s.Get(cfg.TargetLabel).AsSpan().SequenceEqual(s.Join(cfg));
            case RelabelAction.KeepEqual:
                return s.Get(cfg.TargetLabel).AsSpan().SequenceEqual(s.Join(cfg));
            case RelabelAction.Replace:
                Replace(cfg, s);
                return true;
            case RelabelAction.Lowercase:
                s.Set(cfg.TargetLabel, s.JoinString(cfg).ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                s.Set(cfg.TargetLabel, s.JoinString(cfg).ToUpperInvariant());
                return true;
            case RelabelAction.HashMod:
                HashMod(cfg, s);
                return true;
            case RelabelAction.LabelMap:
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                ApplyToNames(cfg, s);
                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {cfg.Action}");
        }
    }

    private static void Replace(RelabelConfig cfg, RelabelScratch s)
    {
        ExpansionTemplate target = cfg.TargetTemplate, replacement = cfg.ReplacementTemplate;
        string targetName, value;
        if (cfg.CompiledRegex.IsDefault)
        {
            // (.*) matches anything and its group 1 is the whole value: no regex run needed.
            string joined = s.JoinString(cfg);
            targetName = target.ExpandWhole(joined);
            value = replacement.ExpandWhole(joined);
        }
        else if (target.ConstantValue is { } t && replacement.ConstantValue is { } r)
        {
            if (!cfg.CompiledRegex.IsMatch(s.Join(cfg))) return;   // no match: no change
            targetName = t;
            value = r;
        }
        else
        {
            Match? m = cfg.CompiledRegex.Match(s.JoinString(cfg));
            if (m is null) return;
            targetName = target.Expand(m);
            value = replacement.Expand(m);
        }
        // A template may expand to a name that is not a label name: Prometheus skips the step.
        if (!LabelNames.IsValidLabelName(targetName)) return;
        s.Set(targetName, value);   // an empty value deletes the label
    }

    private static void HashMod(RelabelConfig cfg, RelabelScratch s)
    {
        ReadOnlySpan<char> joined = s.Join(cfg);
        int max = Encoding.UTF8.GetMaxByteCount(joined.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = Encoding.UTF8.GetBytes(joined, utf8);
            Span<byte> hash = stackalloc byte[16];
            MD5.HashData(utf8[..n], hash);
            // Prometheus: the last 8 bytes of the MD5, big-endian, modulo the modulus.
            ulong mod = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % cfg.Modulus;
            Span<char> digits = stackalloc char[20];
            mod.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            // Most series hash to the value they already carry; compare before making a string.
            if (!s.Get(cfg.TargetLabel).AsSpan().SequenceEqual(digits[..written]))
                s.Set(cfg.TargetLabel, new string(digits[..written]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void ApplyToNames(RelabelConfig cfg, RelabelScratch s)
    {
        // Like Prometheus's Builder.Range, visit the labels as they were before this step, so
        // labels that labelmap creates are not themselves remapped in the same step.
        ReadOnlySpan<Label> snapshot = s.Snapshot().AsSpan();
        RelabelRegex regex = cfg.CompiledRegex;
        foreach (Label l in snapshot)
        {
            bool match = regex.IsMatch(l.Name);
            switch (cfg.Action)
            {
                case RelabelAction.LabelDrop when match:
                case RelabelAction.LabelKeep when !match:
                    s.Set(l.Name, "");
                    break;
                case RelabelAction.LabelMap when match:
                    string name = cfg.ReplacementTemplate.ConstantValue
                        ?? (regex.IsDefault ? cfg.ReplacementTemplate.ExpandWhole(l.Name) : cfg.ReplacementTemplate.Expand(regex.Match(l.Name)!));
                    // Prometheus sets even an invalid name and lets the consumer reject the set;
                    // a label set cannot hold an empty name, so that one case is skipped.
                    if (name.Length != 0) s.Set(name, l.Value);
                    break;
            }
        }
    }
}
