using System.Text;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>Alertmanager's notify.Truncate: cuts a rendered text to a number of runes (not UTF-16 units), ending it with "…".</summary>
internal static class RuneTruncation
{
    public static string Truncate(string text, int maxRunes)
    {
        // Fast path: fewer UTF-16 units than the limit means fewer runes too.
        if (text.Length <= maxRunes) return text;
        int runes = 0;
        foreach (Rune _ in text.EnumerateRunes()) runes++;
        if (runes <= maxRunes) return text;
        int keep = maxRunes <= 3 ? maxRunes : maxRunes - 1;
        var sb = new StringBuilder();
        int n = 0;
        foreach (Rune r in text.EnumerateRunes())
        {
            if (n++ == keep) break;
            sb.Append(r.ToString());
        }
        return maxRunes <= 3 ? sb.ToString() : sb.Append('…').ToString();
    }
}
