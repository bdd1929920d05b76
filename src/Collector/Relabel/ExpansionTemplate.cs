using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Collector.Relabel;

/// <summary>
/// A <c>target_label</c> or <c>replacement</c> template parsed once against its regex, expanding
/// exactly as Go's <c>Regexp.ExpandString</c> does.
/// </summary>
/// <remarks>
/// Go's rules: <c>$name</c> and <c>${name}</c> where name is a non-empty run of letters, digits
/// and '_'; in the bare form the name is as long as possible, so <c>$1x</c> is the group named
/// <c>1x</c> (usually absent, hence empty) and not <c>${1}x</c>. An all-digit name is a group
/// number unless it has a leading zero or reaches 10^8, in which case it is looked up as a name.
/// Unknown names, out-of-range numbers and groups that did not participate expand to nothing.
/// <c>$$</c> is a literal <c>$</c>; a <c>$</c> not followed by a valid reference stays literal.
/// References are resolved to group indexes here, so expansion does no name lookups.
/// </remarks>
internal sealed class ExpansionTemplate
{
    // A part is a literal (Group < 0) or a group reference (Literal is null).
    private readonly record struct Part(string? Literal, int Group);

    private readonly Part[] _parts;

    private ExpansionTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
        if (parts.Length == 0) ConstantValue = "";
        else if (parts.Length == 1 && parts[0].Literal is { } only) ConstantValue = only;
    }

    public string Text { get; }

    /// <summary>The expansion when the template references no group, else null.</summary>
    public string? ConstantValue { get; }

    public static ExpansionTemplate Parse(string template, RelabelRegex regex)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < template.Length)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0) { literal.Append(template, i, template.Length - i); break; }
            literal.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$') { literal.Append('$'); i++; continue; }
            if (!TryExtract(template, i, out string name, out int next))
            {
                literal.Append('$');   // malformed: Go keeps the '$' as text
                continue;
            }
            i = next;
            int group = ResolveGroup(name, regex);
            if (group < 0) continue;   // expands to nothing
            if (literal.Length > 0) { parts.Add(new Part(literal.ToString(), -1)); literal.Clear(); }
            parts.Add(new Part(null, group));
        }
        if (literal.Length > 0) parts.Add(new Part(literal.ToString(), -1));
        return new ExpansionTemplate(template, [.. parts]);
    }

    /// <summary>Expands against a match of the template's regex.</summary>
    public string Expand(Match match) => ConstantValue ?? Build(new Captures(match, null));

    /// <summary>Expands as if the default regex <c>(.*)</c> matched <paramref name="value"/>: groups 0 and 1 are the whole value.</summary>
    public string ExpandWhole(string value) => ConstantValue ?? Build(new Captures(null, value));

    private string Build(Captures captures)
    {
        if (_parts.Length == 1) return captures.GetString(_parts[0].Group);
        int length = 0;
        foreach (Part p in _parts) length += p.Literal?.Length ?? captures.Get(p.Group).Length;
        if (length == 0) return "";
        return string.Create(length, (_parts, captures), static (span, state) =>
        {
            int at = 0;
            foreach (Part p in state._parts)
            {
                ReadOnlySpan<char> piece = p.Literal is { } lit ? lit : state.captures.Get(p.Group);
                piece.CopyTo(span[at..]);
                at += piece.Length;
            }
        });
    }

    private static int ResolveGroup(string name, RelabelRegex regex)
    {
        int num = ParseNumber(name);
        if (num >= 0) return num <= regex.GroupCount ? num : -1;
        return regex.GroupIndex(name);
    }

    // Go's extract(): the name after '$', bare or in braces; false when malformed.
    private static bool TryExtract(string s, int start, out string name, out int next)
    {
        name = "";
        next = start;
        bool brace = start < s.Length && s[start] == '{';
        int i = brace ? start + 1 : start;
        int nameStart = i;
        while (i < s.Length)
        {
            // Go tests unicode.IsLetter/IsDigit per rune; a surrogate pair is one letter rune.
            if (char.IsSurrogatePair(s, i) ? Rune.IsLetter(Rune.GetRuneAt(s, i)) || Rune.IsDigit(Rune.GetRuneAt(s, i)) : IsNameChar(s[i]))
                i += char.IsSurrogatePair(s, i) ? 2 : 1;
            else break;
        }
        if (i == nameStart) return false;
        name = s[nameStart..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}') return false;
            i++;
        }
        next = i;
        return true;
    }

    private static bool IsNameChar(char c) => c == '_' || char.IsLetter(c) || char.IsDigit(c);

    // Go: all-digit names are numbers, except with a leading zero or from 10^8 on.
    private static int ParseNumber(string name)
    {
        int num = 0;
        foreach (char c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000) return -1;
            num = num * 10 + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1) return -1;
        return num;
    }

    /// <summary>Group values from a real match, or the whole value when the regex is the default <c>(.*)</c>.</summary>
    private readonly struct Captures(Match? match, string? whole)
    {
        public ReadOnlySpan<char> Get(int group)
        {
            if (match is null) return group <= 1 ? whole.AsSpan() : default;
            Group g = match.Groups[group];
            return g.Success ? g.ValueSpan : default;
        }

        // Returns the value itself rather than a copy where it can (the common "$1" template).
        public string GetString(int group)
        {
            if (match is null) return group <= 1 ? whole! : "";
            Group g = match.Groups[group];
            return g.Success ? g.Value : "";
        }
    }
}
