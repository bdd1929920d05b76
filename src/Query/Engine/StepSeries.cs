using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

/// <summary>
/// One series of an instant-vector expression evaluated at every step of a query: a dense value
/// per step and whether the series has a point there. Dense arrays make the per-step work of
/// aggregations and binary operators a plain index instead of a search.
/// </summary>
internal sealed class StepSeries
{
    public StepSeries(LabelSet labels, int steps, bool dropName = false)
    {
        Labels = labels;
        Values = new double[steps];
        Present = new bool[steps];
        DropName = dropName;
    }

    public LabelSet Labels { get; set; }

    /// <summary>Prometheus 3's delayed name removal: <c>__name__</c> goes when the query finishes, not before.</summary>
    public bool DropName { get; set; }

    public double[] Values { get; }

    public bool[] Present { get; }

    public int Count
    {
        get
        {
            int n = 0;
            foreach (bool p in Present) if (p) n++;
            return n;
        }
    }

    public void Set(int step, double value)
    {
        Values[step] = value;
        Present[step] = true;
    }

    /// <summary>The labels a client sees: without the name (and the type and unit that describe it) when it was dropped along the way.</summary>
    public LabelSet VisibleLabels => DropName ? WithoutName(Labels) : Labels;

    /// <summary>Removes <c>__name__</c> and the <c>__type__</c>/<c>__unit__</c> labels that go with it.</summary>
    public static LabelSet WithoutName(LabelSet labels)
    {
        if (!labels.Has(LabelNames.MetricName) && !labels.Has("__type__") && !labels.Has("__unit__")) return labels;
        return labels.ToBuilder().Delete(LabelNames.MetricName).Delete("__type__").Delete("__unit__").Build();
    }

    /// <summary>Prometheus's notation for error messages: every label inside braces, the name included.</summary>
    public static string Describe(LabelSet labels) => "{" + string.Join(", ", labels.Select(l => l.ToString())) + "}";
}
