namespace Metrics.Alerting.Manager.Alerts;

/// <summary>Alertmanager's order of alerts inside a group or notification: by job, then instance, then all labels.</summary>
public sealed class AlertOrder : IComparer<Alert>
{
    public static readonly AlertOrder Instance = new();

    private static readonly string[] OverrideKeys = ["job", "instance"];

    public int Compare(Alert? x, Alert? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        foreach (string key in OverrideKeys)
        {
            bool xHas = x.Labels.Has(key), yHas = y.Labels.Has(key);
            if (!xHas && !yHas) continue;
            if (!xHas) return 1;
            if (!yHas) return -1;
            int c = string.CompareOrdinal(x.Labels.Get(key), y.Labels.Get(key));
            if (c != 0) return c;
        }
        return x.Labels.CompareTo(y.Labels);
    }
}
