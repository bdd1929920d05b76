using System.Collections.Concurrent;
using Metrics.Store.Labels;

namespace Metrics.Store.Head;

/// <summary>
/// Symbol interning: label names and values shared by many series (job, namespace, pod, path)
/// are kept once. Entries live as long as the head; cleared when the head is rebuilt.
/// </summary>
public sealed class StringInterner
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string s) => _strings.GetOrAdd(s, s);

    /// <summary>A copy of the set whose strings are the shared instances.</summary>
    public LabelSet Intern(LabelSet labels)
    {
        var interned = new Label[labels.Count];
        for (int i = 0; i < interned.Length; i++)
            interned[i] = new Label(Intern(labels[i].Name), Intern(labels[i].Value));
        return LabelSet.From(interned);
    }
}
