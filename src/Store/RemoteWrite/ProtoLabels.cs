using Google.Protobuf.Collections;
using Metrics.Store.Labels;
using ProtoLabel = Metrics.Store.RemoteWrite.Proto.Label;

namespace Metrics.Store.RemoteWrite;

/// <summary>Validates a remote-write series' labels and turns them into a <see cref="LabelSet"/>.</summary>
internal static class ProtoLabels
{
    /// <summary>
    /// Builds the set, or returns false with a reason when the series has no valid metric name,
    /// an invalid or repeated label name. Unsorted labels are accepted: the spec asks senders
    /// to sort, but Prometheus does not reject unsorted input and neither do we.
    /// </summary>
    public static bool TryBuild(RepeatedField<ProtoLabel> source, out LabelSet labels, out string? error)
    {
        labels = LabelSet.Empty;
        var array = new Label[source.Count];
        for (int i = 0; i < array.Length; i++)
        {
            ProtoLabel l = source[i];
            if (!LabelNames.IsValidLabelName(l.Name))
            {
                error = $"invalid label name \"{l.Name}\" in series {Describe(source)}";
                return false;
            }
            array[i] = new Label(l.Name, l.Value);
        }

        // Sorting here is also what LabelSet does next (on sorted input that is one cheap pass),
        // and it puts repeated names side by side.
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        string metricName = string.Empty;
        for (int i = 0; i < array.Length; i++)
        {
            if (i > 0 && string.Equals(array[i].Name, array[i - 1].Name, StringComparison.Ordinal))
            {
                error = $"duplicate label name \"{array[i].Name}\" in series {Describe(source)}";
                return false;
            }
            if (array[i].Name == LabelNames.MetricName) metricName = array[i].Value;
        }
        if (!LabelNames.IsValidMetricName(metricName))
        {
            error = metricName.Length == 0
                ? $"missing metric name in series {Describe(source)}"
                : $"invalid metric name \"{metricName}\" in series {Describe(source)}";
            return false;
        }

        labels = LabelSet.FromOwnedArray(array);
        error = null;
        return true;
    }

    /// <summary>The labels as sent, in Prometheus's notation, for error messages only (cold path).</summary>
    private static string Describe(RepeatedField<ProtoLabel> source)
    {
        var parts = new string[source.Count];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = new Label(source[i].Name, source[i].Value).ToString();
        return "{" + string.Join(", ", parts) + "}";
    }
}
