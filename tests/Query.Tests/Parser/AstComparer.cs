using System.Collections;
using System.Reflection;
using Metrics.Query.Ast;
using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Parser;

/// <summary>
/// Structural equality of parsed trees, for round-trip tests: records compare lists by reference,
/// so this walks every property instead. Matchers compare as sets (a quoted name may move).
/// </summary>
internal static class AstComparer
{
    public static bool Equal(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        // Lists compare by content: an empty [] and an empty List<string> are the same grouping.
        if (a is IEnumerable and not string && b is IEnumerable and not string && a is not IReadOnlyList<LabelMatcher>)
        {
            var left = ((IEnumerable)a).Cast<object?>().ToList();
            var right = ((IEnumerable)b).Cast<object?>().ToList();
            return left.Count == right.Count && left.Zip(right).All(p => Equal(p.First, p.Second));
        }
        if (a.GetType() != b.GetType() && a is not IReadOnlyList<LabelMatcher>) return false;
        switch (a)
        {
            case double x: return x.Equals((double)b);  // NaN equals NaN here
            case string or Enum or bool or long or int: return a.Equals(b);
            case FunctionInfo f: return f.Name == ((FunctionInfo)b).Name;
            case IReadOnlyList<LabelMatcher> m:
            {
                var left = m.Select(x => x.ToString()).Order(StringComparer.Ordinal);
                var right = ((IReadOnlyList<LabelMatcher>)b).Select(x => x.ToString()).Order(StringComparer.Ordinal);
                return left.SequenceEqual(right);
            }
        }
        foreach (PropertyInfo p in a.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.Name == "EqualityContract" || p.GetIndexParameters().Length > 0) continue;
            if (!Equal(p.GetValue(a), p.GetValue(b))) return false;
        }
        return true;
    }
}
